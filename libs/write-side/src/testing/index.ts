export { SectorHarness, type HttpAnswer, type PostOptions, type RequestOptions } from './sector-harness';
export {
  checkRoute,
  EventCounter,
  hostileCursor,
  hostileRequests,
  hostileString,
  hostileTime,
  hostileValue,
  propertyRuns,
  propertySeed,
  type HostileRequest,
  type RouteUnderTest,
} from './hostile-requests';
