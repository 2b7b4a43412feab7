export { healthService, createHealthApp } from './service';
