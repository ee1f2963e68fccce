import { searchBuiltSite } from '/work/main/scripts/bench/search.ts';
const [dist, q] = process.argv.slice(2);
console.log(await searchBuiltSite(dist!, q!, 10));
