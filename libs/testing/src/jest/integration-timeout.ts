// Integration specs talk to real servers; a slow CI machine needs more than Jest's 5 s.
jest.setTimeout(120_000);
