import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * The 194 country codes of Fluent Python's flag examples (the book's `country_codes.txt`): the
 * codes the flag server knows, `-a` in the flags2 programs.
 */
export const COUNTRY_CODES: readonly string[] = `
AD AE AF AG AL AM AO AR AT AU AZ BA BB BD BE BF BG BH BI BJ BN BO BR BS BT
BW BY BZ CA CD CF CG CH CI CL CM CN CO CR CU CV CY CZ DE DJ DK DM DZ EC EE
EG ER ES ET FI FJ FM FR GA GB GD GE GH GM GN GQ GR GT GW GY HN HR HT HU ID
IE IL IN IQ IR IS IT JM JO JP KE KG KH KI KM KN KP KR KW KZ LA LB LC LI LK
LR LS LT LU LV LY MA MC MD ME MG MH MK ML MM MN MR MT MU MV MW MX MY MZ NA
NE NG NI NL NO NP NR NZ OM PA PE PG PH PK PL PT PW PY QA RO RS RU RW SA SB
SC SD SE SG SI SK SL SM SN SO SR SS ST SV SY SZ TD TG TH TJ TL TM TN TO TR
TT TV TW TZ UA UG US UY UZ VA VC VE VN VU WS YE ZA ZM ZW
`
  .trim()
  .split(/\s+/);

/** The 20 most populous countries, as the book's `POP20_CC` lists them. */
export const POP20_CC: readonly string[] =
  "CN IN US ID BR PK NG BD RU JP MX PH VN ET EG DE IR TR CD FR".split(" ");

/** What the flag server tells about a country (its `metadata.json`). */
export interface CountryInfo {
  /** The country's name, in English. */
  country: string;
  /** ISO 3166-1 alpha-2 code, upper case. */
  iso_cc: string;
  /** Its internet domain. */
  tld: string;
  capital: string;
  continent: string;
}

interface FlagIconsCountry {
  code: string;
  name: string;
  capital: string;
  continent: string;
  flag_4x3: string;
}

const require = createRequire(import.meta.url);

/** The folder of the flag-icons package, which ships the flag SVGs and their country names. */
export function flagIconsDir(): string {
  return dirname(require.resolve("flag-icons/package.json"));
}

let cache: Map<string, CountryInfo & { svgPath: string }> | undefined;

/**
 * The 194 countries, by lower-case code, with the path of each flag's SVG (4:3) in flag-icons.
 * Read once, on first use.
 */
export function countries(): ReadonlyMap<string, CountryInfo & { svgPath: string }> {
  if (cache === undefined) {
    const dir = flagIconsDir();
    const list = JSON.parse(readFileSync(join(dir, "country.json"), "utf8")) as FlagIconsCountry[];
    const byCode = new Map(list.map((c) => [c.code, c]));
    cache = new Map();
    for (const cc of COUNTRY_CODES) {
      const code = cc.toLowerCase();
      const entry = byCode.get(code);
      if (entry === undefined) throw new Error(`flag-icons has no flag for ${cc}`);
      cache.set(code, {
        country: entry.name,
        iso_cc: cc,
        tld: `.${code === "gb" ? "uk" : code}`,
        capital: entry.capital,
        continent: entry.continent,
        svgPath: join(dir, entry.flag_4x3),
      });
    }
  }
  return cache;
}
