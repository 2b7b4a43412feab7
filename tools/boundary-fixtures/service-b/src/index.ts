export const name = 'service-b';
