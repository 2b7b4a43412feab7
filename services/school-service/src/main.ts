import { runEventSourcedService } from '@samvirke/write-side';
import { schoolService } from './service';

runEventSourcedService(schoolService);
