import { ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';
import { PersonalIdOptions, validatePersonalId } from './validate';

/**
 * class-validator decorator for a DTO field holding a fødselsnummer, D-number or synthetic
 * number. The message names the field and the problem, never the number, so that neither a
 * 400 answer nor a log line carries it.
 */
export function IsPersonalId(
  options: PersonalIdOptions = {},
  validationOptions?: ValidationOptions,
) {
  return (target: object, propertyName: string): void => {
    registerDecorator({
      name: 'isPersonalId',
      target: target.constructor,
      propertyName,
      constraints: [],
      options: validationOptions,
      validator: {
        validate: (value: unknown) => validatePersonalId(value, options).valid,
        defaultMessage: (args?: ValidationArguments) => {
          const result = validatePersonalId(args?.value, options);
          const reason = result.valid ? 'it is not accepted' : result.reason;
          return `${args?.property ?? propertyName} must be a valid fødselsnummer or D-number: ${reason}`;
        },
      },
    });
  };
}
