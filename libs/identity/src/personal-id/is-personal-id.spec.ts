import { validate } from 'class-validator';
import { IsPersonalId } from './is-personal-id';

class AdmissionDto {
  @IsPersonalId()
  personalId!: unknown;
}

class ProductionDto {
  @IsPersonalId({ accept: ['fnr', 'dnr'] }, { message: 'personalId is not accepted' })
  personalId!: unknown;
}

async function messagesFor<T extends object>(dto: T): Promise<string[]> {
  const errors = await validate(dto);
  return errors.flatMap((e) => Object.values(e.constraints ?? {}));
}

function admission(personalId: unknown): AdmissionDto {
  return Object.assign(new AdmissionDto(), { personalId });
}

describe('@IsPersonalId', () => {
  it('passes a valid fødselsnummer, D-number and synthetic number', async () => {
    for (const id of ['13097248022', '53097248016', '10915596784']) {
      expect(await messagesFor(admission(id))).toEqual([]);
    }
  });

  it('names the field and the problem', async () => {
    expect(await messagesFor(admission('13097248023'))).toEqual([
      'personalId must be a valid fødselsnummer or D-number: the check digits do not match',
    ]);
    expect(await messagesFor(admission('1309724802'))).toEqual([
      'personalId must be a valid fødselsnummer or D-number: it must have exactly 11 digits, not 10',
    ]);
    expect(await messagesFor(admission(13097248022))).toEqual([
      'personalId must be a valid fødselsnummer or D-number: it must be a string of 11 digits',
    ]);
  });

  it('never echoes the number in its message', async () => {
    for (const bad of ['13097248023', '30027248027', '1309724802X', '13527248013']) {
      for (const message of await messagesFor(admission(bad))) {
        expect(message).not.toContain(bad.slice(0, 6));
      }
    }
  });

  it('takes the accepted kinds and a custom message', async () => {
    const dto = Object.assign(new ProductionDto(), { personalId: '10915596784' });
    expect(await messagesFor(dto)).toEqual(['personalId is not accepted']);
  });
});
