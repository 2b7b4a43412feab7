export {
  createCoordinationApp,
  runCoordinationService,
  COORDINATION_PORT,
  type CoordinationAppOptions,
} from './service';
export {
  CoordinationModule,
  COORDINATION_SERVICE,
  type CoordinationModuleOptions,
} from './app.module';
export { CoordinationConfig } from './web';
