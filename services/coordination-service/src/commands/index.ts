export { ChildrenController } from './children.controller';
export { ConsentsController } from './consents.controller';
export { IndividualPlanController } from './individual-plan.controller';
export { GapCommandsController } from './gaps.controller';
export { TransfersController } from './transfers.controller';
export { ChildAccess, type LoadedChild, type LoadedGap } from './child-access';
export { ChildPersonalData } from './child-personal-data';
export { CLOCK, clockProvider } from './clock';
export * from './params';
