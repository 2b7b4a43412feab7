export { SectorHarness, type HttpAnswer, type PostOptions } from './sector-harness';
