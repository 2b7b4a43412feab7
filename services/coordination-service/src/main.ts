import { runCoordinationService } from './service';

runCoordinationService();
