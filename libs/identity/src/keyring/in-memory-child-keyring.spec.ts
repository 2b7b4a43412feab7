import { childKeyringContract } from './child-keyring.contract';
import { InMemoryChildKeyring } from './in-memory-child-keyring';

childKeyringContract('InMemoryChildKeyring', async () => new InMemoryChildKeyring());
