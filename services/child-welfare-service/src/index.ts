export { childWelfareService, createChildWelfareApp } from './service';
