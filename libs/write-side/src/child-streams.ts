import type { ChildRef } from '@samvirke/identity';
import type { ChildIdentity } from './child-identity';
import type {
  Aggregate,
  DomainEvent,
  EventWriter,
  RequestContext,
  WriteOutcome,
} from './event-writer';

/** A request that names its child as a sector system does: by personal id, in a municipality. */
export interface NamesChild {
  personalId: string;
  municipality: string;
}

/** What such a request records: all it says but the personal id, with the child's childRef. */
export type ChildFact<Request extends NamesChild> = Omit<Request, 'personalId' | 'municipality'> & {
  childRef: ChildRef;
  municipality: string;
};

/**
 * The write of a fact that may start a child's stream (an admission, an absence): the one place
 * a personal id becomes a childRef, and is sealed under the child's key for the stream's first
 * event, never kept in the fact.
 */
export class ChildStreams {
  constructor(
    private readonly writer: EventWriter,
    private readonly identity: ChildIdentity,
  ) {}

  /**
   * `EventWriter.writeTo` the aggregate whose id is the fact's `idField` (`admissionId`, or
   * `childRef` for a stream per child), so every check holds: 403 for a municipality the token
   * does not serve, 409 for a fact the stream contradicts or an id another child's, and a
   * repeat answered with the recorded event.
   */
  // `const`: the command a callback returns keeps its literal `type` ('Admit'), not widened to string.
  write<Request extends NamesChild, const Command, State, Event extends DomainEvent>(
    aggregate: Aggregate<Command, State, Event>,
    request: Request,
    commandOf: (fact: ChildFact<Request>) => NoInfer<Command>,
    context: RequestContext,
  ): Promise<WriteOutcome> {
    const { personalId, municipality, ...said } = request;
    const { childRef, start } = this.identity.startOf(personalId, municipality);
    const fact: ChildFact<Request> = { ...said, childRef, municipality };
    const id: unknown = (fact as Record<string, unknown>)[aggregate.idField];
    if (typeof id !== 'string')
      throw new Error(`${aggregate.name}: the request has no ${aggregate.idField}`);
    return this.writer.writeTo(aggregate, id, commandOf(fact), context, start);
  }
}
