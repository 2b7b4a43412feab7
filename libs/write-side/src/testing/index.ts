export { SectorHarness, type HttpAnswer, type PostOptions, type RequestOptions } from './sector-harness';
