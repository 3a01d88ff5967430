import * as F from '@faker-js/faker';
const out = {};
for (const [k, v] of Object.entries(F)) {
  if (!k.match(/^[a-z]{2}(_[A-Za-z]+)?$/) || !v || !v.person) continue;
  const p = v.person;
  const flat = (x) => !x ? [] : Array.isArray(x) ? x : Object.values(x).flat();
  out[k] = {first: flat(p.first_name), last: flat(p.last_name)};
}
process.stdout.write(JSON.stringify(out));
