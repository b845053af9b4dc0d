import { ScrDatabase } from './schema';

let instance: ScrDatabase | null = null;

/** The one database of this renderer. */
export function db(): ScrDatabase {
  instance ??= new ScrDatabase();
  return instance;
}
