export { schoolService, createSchoolApp } from './service';
