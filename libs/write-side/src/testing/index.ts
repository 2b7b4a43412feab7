export { dtoEnumMismatches } from './dto-enums';
export { describeHostileInput, type HostileInputSuite } from './hostile-input-suite';
export { expectRefused, type RefusedWrite } from './refused-write';
export { ServicesOnOneBus } from './services-on-one-bus';
export {
  SectorHarness,
  type HttpAnswer,
  type PostOptions,
  type RequestOptions,
} from './sector-harness';
export {
  checkRoute,
  hostileCursor,
  hostileRequests,
  hostileString,
  hostileTime,
  hostileValue,
  propertyRuns,
  propertySeed,
  routeName,
  RowCounter,
  type Caller,
  type HostileRequest,
  type RouteUnderTest,
  type ServiceUnderTest,
} from './hostile-requests';
