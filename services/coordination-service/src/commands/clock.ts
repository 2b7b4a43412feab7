import type { Provider } from '@nestjs/common';
import { WRITE_SIDE_OPTIONS, type WriteSideModuleOptions } from '@samvirke/write-side';
import type { Clock } from '../domain';

/** The service's clock: the write side's (tests set it), else the system's. */
export const CLOCK = Symbol('CLOCK');

export const clockProvider: Provider = {
  provide: CLOCK,
  inject: [WRITE_SIDE_OPTIONS],
  useFactory: (options: WriteSideModuleOptions): Clock => options.clock ?? (() => new Date()),
};
