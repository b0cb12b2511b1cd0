/**
 * A tiny promise wrapper over IndexedDB (no dependency): one database, "world-it-offline", with one
 * key-value store. Every call opens the database once (the connection is kept) and resolves when
 * its transaction completes; where IndexedDB is missing or refused (some private modes), reads
 * give undefined and writes do nothing: the app works online without it.
 */
const DB_NAME = "world-it-offline";
const STORE = "kv";

let opening: Promise<IDBDatabase | null> | undefined;

function open(): Promise<IDBDatabase | null> {
  return (opening ??= new Promise<IDBDatabase | null>((resolve) => {
    if (typeof indexedDB === "undefined") return resolve(null);
    let request: IDBOpenDBRequest;
    try {
      request = indexedDB.open(DB_NAME, 1);
    } catch {
      return resolve(null);
    }
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(STORE)) request.result.createObjectStore(STORE);
    };
    request.onsuccess = () => {
      const db = request.result;
      // Another tab deletes or upgrades the database: let it, open again next time.
      db.onversionchange = () => {
        db.close();
        opening = undefined;
      };
      resolve(db);
    };
    request.onerror = () => resolve(null);
    request.onblocked = () => resolve(null);
  }));
}

/** Runs `work` in one transaction; resolves with its request's result once the transaction completes. */
async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
  const db = await open();
  if (!db) return undefined;
  return new Promise<T | undefined>((resolve, reject) => {
    let tx: IDBTransaction;
    try {
      tx = db.transaction(STORE, mode);
    } catch (error) {
      // The connection was closed (versionchange): once more with a new one.
      opening = undefined;
      return reject(error);
    }
    const request = work(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(request ? request.result : undefined);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

export const idb = {
  get: <T>(key: string) => run<T>("readonly", (s) => s.get(key) as IDBRequest<T>).catch(() => undefined),
  set: (key: string, value: unknown) => run("readwrite", (s) => void s.put(value, key)).catch(() => undefined),
  del: (key: string) => run("readwrite", (s) => void s.delete(key)).catch(() => undefined),
  /** Removes every key (sign-out: nothing personal stays on the device). */
  clear: () => run("readwrite", (s) => void s.clear()).catch(() => undefined),
};
