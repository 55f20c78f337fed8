// People by name: the user register's names (GET /api/people), fetched once per sign-in, so
// the pages say "Frida Ek" where the ledger records "frida.ek". Without a name, the id.

import { getNow } from './api.js';

let names = new Map();

export const loadPeople = async () => {
  try {
    const people = await getNow('/api/people');
    names = new Map(people.map((p) => [p.id, p.name]));
  } catch {
    // Names are a courtesy: the page still shows who by id.
    names = new Map();
  }
};

export const forgetPeople = () => {
  names = new Map();
};

export const personName = (id) => names.get(id) ?? id;
