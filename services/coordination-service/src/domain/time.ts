/** Where the service reads the time: injected, so tests and replays control it. */
export type Clock = () => Date;
