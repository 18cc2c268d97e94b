#!/usr/bin/env node
// Generates src/normalize/list_quality.inc: the lists behind the list-quality
// warnings on an email (src/normalize/list_quality.cpp):
//
// - disposable_email: the disposable (throwaway) mail domains of the npm
//   package `disposable-email-domains` (MIT): a checked subset of its index.json (a domain, and
//   its parents down to the registrable domain) and its wildcard.json (a
//   domain and every subdomain of it: "*.33mail.com").
// - role_email: the role-account local parts (info, sales, support...) of the
//   npm package `role-based-email-addresses` (MIT): src/index.js.
// - email_typo: a small curated list of common mail hosts (below, with its
//   sources), the hosts a mistyped domain is compared with.
//
// Both packages are pinned in tests/package.json (devDependencies):
//
//   cd tests && npm ci && cd .. && node scripts/gen-list-quality.js
//
// Their names and versions are compiled in (kDisposableListVersion,
// kRoleListVersion) and shown by describeProvider().emailLists and
// `leadroster --version`, as the Public Suffix List's is.
//
// Domains are written in their ASCII form (Unicode labels as punycode "xn--",
// converted with Node's url.domainToASCII, as the engine's email normalizer
// writes them), lowercased, deduplicated and sorted by bytes. Each list is ONE
// front-coded string (not an array of std::string_view: in WebAssembly each
// view costs 8 bytes of pointer and length on top of its text): entries in
// blocks of kListBlock; an entry is one byte ('#' + bytes shared with the
// entry before, 0 at the start of a block), the rest, '\n'. The engine finds
// the block starts once, binary-searches the blocks by their first (whole)
// entry, then reads the one block. Domains are sorted as they are written
// ("mailinator.com"): of the orders tried, that one is the smallest gzipped
// (disposable-email-domains 1.0.62, gzip -9: 576 KB; labels reversed 617 KB;
// grouped by top-level domain 620 KB; one block for all 562 KB, but then
// every lookup reads the whole list).
'use strict';
const fs = require('fs');
const path = require('path');
const { domainToASCII } = require('url');

const OUT = path.join(__dirname, '../src/normalize/list_quality.inc');
const MODULES = path.join(__dirname, '../tests/node_modules');
const BLOCK = 32;

// Common mail hosts, the targets of a typo suggestion. Sources: the default
// domains of mailcheck.js (github.com/mailcheck/mailcheck, MIT: "yahoo.com",
// "google.com", "hotmail.com", "gmail.com", "me.com", "aol.com", "mac.com",
// "live.com", "comcast.net", "googlemail.com", "msn.com", "hotmail.co.uk",
// "yahoo.co.uk", "facebook.com", "verizon.net", "sbcglobal.net", "att.net",
// "gmx.com", "mail.com", "outlook.com", "icloud.com") and the freemail hosts
// leadroster already knows (src/normalize/domain.cpp). Only hosts whose name
// (the label before the suffix) has 5 characters or more: a one-letter edit
// of a short name is most often another real domain (gmx.com / gmc.com,
// me.com / mo.com, aol.com / aod.com).
const TYPO_TARGETS = [
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'yahoo.co.uk',
  'yahoo.fr',
  'yahoo.de',
  'yahoo.es',
  'yahoo.it',
  'hotmail.com',
  'hotmail.co.uk',
  'hotmail.fr',
  'hotmail.de',
  'hotmail.it',
  'hotmail.es',
  'outlook.com',
  'outlook.fr',
  'outlook.de',
  'icloud.com',
  'comcast.net',
  'verizon.net',
  'sbcglobal.net',
  'btinternet.com',
  'protonmail.com',
  'proton.me',
  'yandex.ru',
  'yandex.com',
  'orange.fr',
  'wanadoo.fr',
  'libero.it',
  'rocketmail.com',
  't-online.de',
  'freenet.de',
  'bigpond.com',
  'optonline.net',
  'charter.net',
];
// Real mail hosts one edit away from a target, never reported as its typo
// (ymail.com is Yahoo's, mail.com and email.com are mail.com's, cloud.com is
// Citrix's), plus every target itself.
const KNOWN_HOSTS = [
  ...TYPO_TARGETS,
  'ymail.com',
  'mail.com',
  'email.com',
  'gmx.com',
  'gmx.net',
  'gmx.de',
  'cloud.com',
  'live.com',
  'live.fr',
  'msn.com',
  'aol.com',
  'me.com',
  'mac.com',
  'web.de',
  'mail.ru',
  'qq.com',
  '163.com',
  'yahoo.ca',
  'yahoo.in',
  'hotmail.ca',
  'outlook.es',
  'outlook.it',
  'google.com',
  'facebook.com',
  'att.net',
  'cox.net',
  'yahoo.com.au',
  'yahoo.com.br',
  'hotmail.com.br',
  'protonmail.ch',
  'pm.me',
  'free.fr',
  'sfr.fr',
  'laposte.net',
];
// The misspelt top-level domains of a ".com" host (gmail.con -> gmail.com),
// checked for the ".com" targets and known hosts.
const COM_TYPOS = ['con', 'cmo', 'ocm', 'om', 'co', 'cm', 'vom', 'xom', 'comm', 'coom', 'cpm', 'c0m'];

function pkg(name) {
  const dir = path.join(MODULES, name);
  const version = require(path.join(dir, 'package.json')).version;
  return { dir, version, label: `${name} ${version}` };
}

const byBytes = (a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : Buffer.from(a) > Buffer.from(b) ? 1 : 0);

function toAscii(domain) {
  const d = domain.trim().toLowerCase();
  const ascii = /^[\x00-\x7f]*$/.test(d) ? d : domainToASCII(d);
  if (!ascii || !/^[a-z0-9.-]+$/.test(ascii) || !ascii.includes('.')) throw new Error(`cannot convert domain ${JSON.stringify(domain)}`);
  return ascii;
}

// The sorted entries as one front-coded string in blocks of BLOCK.
function frontCode(entries) {
  const MAX_SHARED = 0x7e - 0x23;
  let coded = '';
  let prev = '';
  entries.forEach((e, i) => {
    if (!/^[\x21-\x7e]+$/.test(e) || /["\\?]/.test(e)) throw new Error(`entry ${JSON.stringify(e)} cannot be written as it is`);
    let k = 0;
    if (i % BLOCK !== 0) while (k < prev.length && k < e.length && k < MAX_SHARED && prev[k] === e[k]) k++;
    coded += String.fromCharCode(0x23 + k) + e.slice(k) + '\n';
    prev = e;
  });
  return coded;
}

function literal(name, coded) {
  const cEscape = (t) => t.replace(/\n/g, '\\n');
  let out = `constexpr char ${name}[] =\n`;
  let line = '';
  for (const entry of coded.split(/(?<=\n)/)) {
    const item = cEscape(entry);
    if (line && line.length + item.length > 98) {
      out += '"' + line + '"\n';
      line = '';
    }
    line += item;
  }
  return out + '"' + line + '";\n';
}

// The disposable domains compiled in: the throwaway services a sales list
// actually meets (Mailinator and its alias domains, Guerrilla Mail, 10 Minute
// Mail, Temp-Mail, YOPmail, TrashMail, Nada, Maildrop, Mailsac, 33mail...),
// each checked to be on the package's index.json, plus the package's whole
// wildcard.json. The whole index.json (121,570 domains) would make the .wasm
// 2.17 MB (914 KB gzipped) where the engine without it is ~300 KB gzipped, and
// a browser form pays every byte of it: the choice is a small, checked subset.
const WELL_KNOWN_DISPOSABLE = [
  'mailinator.com',
  'guerrillamail.com',
  'guerrillamail.net',
  'guerrillamail.org',
  'guerrillamail.biz',
  'guerrillamail.de',
  'guerrillamailblock.com',
  'grr.la',
  'sharklasers.com',
  'pokemail.net',
  'spam4.me',
  '10minutemail.com',
  '10minutemail.net',
  '10minutemail.co.uk',
  '20minutemail.com',
  'temp-mail.org',
  'tempmailo.com',
  'tempail.com',
  'tempr.email',
  'yopmail.com',
  'yopmail.fr',
  'yopmail.net',
  'nospam.ze.tc',
  'nomail.xl.cx',
  'mega.zik.dj',
  'speed.1s.fr',
  'trashmail.com',
  'trashmail.net',
  'trashmail.de',
  'trashmail.me',
  'trashmail.io',
  'wegwerfmail.de',
  'wegwerfmail.net',
  'einrot.com',
  'getnada.com',
  'nada.email',
  'throwawaymail.com',
  'maildrop.cc',
  'dispostable.com',
  'fakeinbox.com',
  'mintemail.com',
  'mailnesia.com',
  'mohmal.com',
  'burnermail.io',
  'spamgourmet.com',
  'mytemp.email',
  'discard.email',
  'mailcatch.com',
  'spambox.us',
  'mailsac.com',
  'inboxkitten.com',
  'moakt.com',
  'tmail.ws',
  'mailpoof.com',
  'getairmail.com',
  'mail-temp.com',
  'emailfake.com',
  'fakemailgenerator.com',
  'tempinbox.com',
  'mailinator.net',
  'mailinator2.com',
  'mailinater.com',
  'notmailinator.com',
  'spamherelots.com',
  'thisisnotmyrealemail.com',
  'binkmail.com',
  'bobmail.info',
  'chammy.info',
  'devnullmail.com',
  'letthemeatspam.com',
  'mailin8r.com',
  'mailinator.org',
  'safetymail.info',
  'sogetthis.com',
  'spamhereplease.com',
  'suremail.info',
  'tradermail.info',
  'veryrealemail.com',
  'zippymail.info',
  'mailmetrash.com',
  'trbvm.com',
  'tempemail.net',
  'incognitomail.org',
  'mailexpire.com',
  'spamex.com',
  'mailforspam.com',
  'owlymail.com',
  'throwam.com',
  'anonbox.net',
  'spambog.com',
  'spambog.de',
  'deadaddress.com',
  'jetable.org',
  'mt2015.com',
  'dropmail.me',
  '33mail.com',
  'harakirimail.com',
  'mailnull.com',
  'e4ward.com',
  'guerrillamail.info',
  'mvrht.com',
  'byom.de',
  'kasmail.com',
  'xn--gmal-nza.net', // gmaıl.net, a dotless i: a look-alike of a mail host
];

// Disposable domains: the subset above of index.json, and wildcard.json, each its own list.
const disposable = pkg('disposable-email-domains');
const readDomains = (file) => {
  const list = JSON.parse(fs.readFileSync(path.join(disposable.dir, file), 'utf8'));
  if (!Array.isArray(list)) throw new Error(`${file} is not an array`);
  return [...new Set(list.map(toAscii))].sort(byBytes);
};
const index = readDomains('index.json');
const wildcard = readDomains('wildcard.json');
if (index.length < 10000 || wildcard.length < 50) throw new Error('disposable-email-domains does not look like the list');
const indexSet = new Set(index);
for (const d of WELL_KNOWN_DISPOSABLE) if (!indexSet.has(d)) throw new Error(`${d} is not on disposable-email-domains index.json`);
const exact = [...new Set(WELL_KNOWN_DISPOSABLE)].sort(byBytes);
for (const host of KNOWN_HOSTS) {
  if (exact.includes(host) || wildcard.includes(host)) throw new Error(`${host} is on the disposable list: a known mail host cannot be`);
}

// Role accounts: src/index.js exports an array of local parts.
const role = pkg('role-based-email-addresses');
const roleList = require(path.join(role.dir, 'src/index.js'));
if (!Array.isArray(roleList) || roleList.length < 100) throw new Error('role-based-email-addresses does not look like the list');
const roles = [...new Set(roleList.map((r) => String(r).trim().toLowerCase()))].filter(Boolean).sort(byBytes);

const targets = [...new Set(TYPO_TARGETS.map(toAscii))];
const known = [...new Set(KNOWN_HOSTS.map(toAscii))].sort(byBytes);
for (const t of targets) if (t.split('.')[0].length < 5) throw new Error(`typo target ${t}: its name is shorter than 5 characters`);

const disposableCoded = frontCode(exact);
const wildcardCoded = frontCode(wildcard);
const roleCoded = frontCode(roles);

let out = `// GENERATED by scripts/gen-list-quality.js from npm ${disposable.label} (MIT;
// index.json and wildcard.json), npm ${role.label} (MIT; src/index.js) and
// the script's curated list of common mail hosts. Do not edit: run
// \`node scripts/gen-list-quality.js\`.
// Each list is sorted by bytes and front-coded in blocks of kListBlock entries:
// ('#' + bytes shared with the entry before, 0 at a block's start), the rest,
// '\\n'. Domains are ASCII (punycode).
constexpr char kDisposableListVersion[] = ${JSON.stringify(disposable.label)};
constexpr char kRoleListVersion[] = ${JSON.stringify(role.label)};
constexpr unsigned kListBlock = ${BLOCK};
// disposable-email-domains index.json: ${exact.length} of its ${index.length} domains, the
// well-known services (scripts/gen-list-quality.js WELL_KNOWN_DISPOSABLE).
constexpr unsigned kDisposableCount = ${exact.length};
${literal('kDisposableCoded', disposableCoded)}
// disposable-email-domains wildcard.json: ${wildcard.length} domains (a domain and every subdomain).
constexpr unsigned kDisposableWildcardCount = ${wildcard.length};
${literal('kDisposableWildcardCoded', wildcardCoded)}
// role-based-email-addresses: ${roles.length} local parts.
constexpr unsigned kRoleCount = ${roles.length};
${literal('kRoleCoded', roleCoded)}
// Common mail hosts a typo is compared with (one edit away, or a ".com" host
// with a misspelt top-level domain), in the order a suggestion is preferred.
${literal('kTypoTargets', targets.map((t) => t + '\n').join(''))}
// Mail hosts never reported as a typo (the targets and real hosts near them), sorted.
${literal('kKnownHosts', known.map((t) => t + '\n').join(''))}
// The misspelt top-level domains of a ".com" host.
${literal('kComTypos', COM_TYPOS.map((t) => t + '\n').join(''))}`;
fs.writeFileSync(OUT, out);
console.log(
  `wrote ${OUT}: ${exact.length} + ${wildcard.length} disposable domains (${disposable.label}), ` +
    `${roles.length} role local parts (${role.label}), ${targets.length} typo targets, ${known.length} known hosts; ` +
    `${disposableCoded.length + wildcardCoded.length + roleCoded.length} bytes coded`,
);
