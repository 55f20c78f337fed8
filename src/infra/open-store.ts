import { AppConfig } from '../config/config';
import { EventStore } from '../event-store/event-store';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';

/** Opens the configured event store. */
export const openStore = async (config: AppConfig): Promise<EventStore> => {
  switch (config.store) {
    case 'sqlite':
      return SqliteEventStore.open(config.sqlitePath);
    case 'eventstoredb':
      throw new Error('LEDGER_STORE=eventstoredb: the EventStoreDB adapter is not part of this build yet; use sqlite.');
    default: {
      const exhaustive: never = config.store;
      throw new Error(`unknown store ${String(exhaustive)}`);
    }
  }
};
