import { runEventSourcedService } from '@samvirke/write-side';
import { childWelfareService } from './service';

runEventSourcedService(childWelfareService);
