export const name = 'service-a';
