import { DomainError, type Decider } from '../decider';
import {
  admission,
  admitted,
  type AdmissionCommand,
  type AdmissionEvent,
  type AdmissionState,
} from '../__fixtures__/admission';
import { given } from './decider-specification';

const discharge: AdmissionCommand = {
  type: 'record-discharge',
  admissionId: 'a-1',
  dischargedOn: '2026-03-02',
};
const discharged: AdmissionEvent = {
  type: 'no.samvirke.health.discharge-recorded.v1',
  data: { admissionId: 'a-1', dischargedOn: '2026-03-02' },
};

describe('given/when/then for deciders', () => {
  describe('then', () => {
    it('passes when decide returns exactly the expected events', () => {
      expect(() => given(admission, [admitted]).when(discharge).then([discharged])).not.toThrow();
    });

    it('returns the state after the new events', () => {
      const state = given(admission, [admitted]).when(discharge).then([discharged]);

      expect(state).toEqual({
        status: 'discharged',
        admissionId: 'a-1',
        dischargedOn: '2026-03-02',
      });
    });

    it('fails when decide returns different events', () => {
      const other = { ...discharged, data: { ...discharged.data, dischargedOn: '2026-03-03' } };

      expect(() => given(admission, [admitted]).when(discharge).then([other])).toThrow();
    });

    it('fails when decide returns more events than expected', () => {
      expect(() => given(admission, [admitted]).when(discharge).then([])).toThrow();
    });

    it('folds the whole history in order before deciding', () => {
      const readmit: AdmissionCommand = {
        type: 'record-admission',
        admissionId: 'a-2',
        ward: 'surgery',
      };

      given(admission, [admitted, discharged])
        .when(readmit)
        .then([
          {
            type: 'no.samvirke.health.admission-recorded.v1',
            data: { admissionId: 'a-2', ward: 'surgery' },
          },
        ]);
    });

    it('fails, naming the error, when decide throws', () => {
      expect(() => given(admission, []).when(discharge).then([discharged])).toThrow(
        /decide threw DomainError 'not-admitted'/,
      );
    });

    it('refuses to be awaited, which would silently check nothing', async () => {
      const awaitable = given(admission, [admitted]).when(
        discharge,
      ) as unknown as PromiseLike<unknown>;

      await expect(Promise.resolve().then(() => awaitable)).rejects.toThrow(/do not await/);
    });
  });

  describe('thenNothingHappens', () => {
    it('passes when decide returns no events', () => {
      const again: AdmissionCommand = {
        type: 'record-admission',
        admissionId: 'a-1',
        ward: 'paediatrics',
      };

      expect(given(admission, [admitted]).when(again).thenNothingHappens()).toEqual({
        status: 'admitted',
        admissionId: 'a-1',
        ward: 'paediatrics',
      });
    });

    it('fails when decide returns events', () => {
      expect(() => given(admission, [admitted]).when(discharge).thenNothingHappens()).toThrow();
    });
  });

  describe('thenThrows', () => {
    it('passes and returns the error when decide throws a DomainError with that code', () => {
      const error = given(admission, []).when(discharge).thenThrows('not-admitted');

      expect(error).toBeInstanceOf(DomainError);
      expect(error.message).toBe('no admission to discharge');
    });

    it('fails when the DomainError has another code', () => {
      expect(() => given(admission, []).when(discharge).thenThrows('already-discharged')).toThrow(
        /expected a DomainError 'already-discharged', but it was 'not-admitted'/,
      );
    });

    it('fails when decide returns events instead', () => {
      expect(() => given(admission, [admitted]).when(discharge).thenThrows('not-admitted')).toThrow(
        /but decide returned/,
      );
    });

    it('fails when decide throws something other than a DomainError', () => {
      const broken: Decider<AdmissionCommand, AdmissionState, AdmissionEvent> = {
        ...admission,
        decide: () => {
          throw new TypeError('bug');
        },
      };

      expect(() => given(broken, []).when(discharge).thenThrows('not-admitted')).toThrow(
        /but decide threw TypeError: bug/,
      );
    });
  });
});
