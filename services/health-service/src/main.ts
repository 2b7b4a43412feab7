import { runEventSourcedService } from '@samvirke/write-side';
import { healthService } from './service';

runEventSourcedService(healthService);
