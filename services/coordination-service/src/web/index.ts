export { CoordinationConfig } from './coordination.config';
export { demoUsers, DEMO_AUDITOR_ID, DEMO_UNIT_ID, type DemoUser } from './demo-users';
export { SessionController, DEMO_TOKEN_TTL_SECONDS } from './session.controller';
export { pageSecurityHeaders, serveCoordinatorWeb } from './static-page';
export { findWebRoot } from './web-root';
