import type { Lang, Texts } from '@anju/contracts';
import { accessMessages } from '../features/access/messages.ts';
import { bookingFlowMessages } from '../features/appointments/booking/messages.ts';
import { myAppointmentsMessages } from '../features/appointments/my/messages.ts';
import { accountMessages } from '../features/account/messages.ts';
import { alertsMessages } from '../features/alerts/messages.ts';
import { appointmentsConsoleMessages } from '../features/appointments/messages.ts';
import { auditMessages } from '../features/audit/messages.ts';
import { dashboardMessages } from '../features/dashboard/messages.ts';
import { incidentsMessages } from '../features/incidents/messages.ts';
import { kioskConsoleMessages } from '../features/kiosk/messages.ts';
import { mediationMessages } from '../features/mediation/messages.ts';
import { privacyMessages } from '../features/privacy/messages.ts';
import { registryMessages } from '../features/registry/messages.ts';
import { usersMessages } from '../features/users/messages.ts';
import { bulletinsMessages } from '../features/bulletins/messages.ts';
import { bookingPageMessages } from '../terminals/booking/messages.ts';
import { boardPageMessages } from '../terminals/board/messages.ts';
import { kioskTerminalMessages } from '../terminals/kiosk/messages.ts';
import { terminalMessages } from '../terminals/messages.ts';
import { verifyPageMessages } from '../terminals/verify/messages.ts';
import { shellMessages } from './messages.ts';

/**
 * The console's dictionary: the shell's words and every module's, merged for the i18n provider.
 * A module adds its file here. Keys are full (`registry.search.title`) and unique across files: a
 * key defined twice stops the console at load (and its test). They stay out of the contracts'
 * registry of `defineMessages` keys, which renders the server's and zod's messages (`renderKey`).
 */
export const CATALOGUES = {
  shell: shellMessages,
  dashboard: dashboardMessages,
  registry: registryMessages,
  access: accessMessages,
  alerts: alertsMessages,
  audit: auditMessages,
  users: usersMessages,
  account: accountMessages,
  privacy: privacyMessages,
  kioskConsole: kioskConsoleMessages,
  appointmentsConsole: appointmentsConsoleMessages,
  incidents: incidentsMessages,
  mediation: mediationMessages,
  terminal: terminalMessages,
  kioskTerminal: kioskTerminalMessages,
  verifyPage: verifyPageMessages,
  bookingFlow: bookingFlowMessages,
  bookingPage: bookingPageMessages,
  myAppointments: myAppointmentsMessages,
  bulletins: bulletinsMessages,
  boardPage: boardPageMessages,
};

type Catalogue = Record<string, Texts>;
type Merged<U> = (U extends unknown ? (u: U) => void : never) extends (all: infer I) => void ? I : never;

function merge<C extends Record<string, Catalogue>>(catalogues: C): Merged<C[keyof C]> {
  const all: Catalogue = {};
  for (const [name, catalogue] of Object.entries(catalogues)) {
    for (const [key, texts] of Object.entries(catalogue)) {
      if (Object.hasOwn(all, key)) throw new Error(`message key defined twice: ${key} (again in ${name})`);
      all[key] = texts;
    }
  }
  return all as Merged<C[keyof C]>;
}

const ALL = merge(CATALOGUES);

export type MessageKey = keyof typeof ALL;

function inLang(lang: keyof Texts): Record<MessageKey, string> {
  return Object.fromEntries(Object.entries(ALL).map(([key, texts]) => [key, texts[lang]])) as Record<
    MessageKey,
    string
  >;
}

/** Every message of the console in each language. */
export const messages: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': inLang('zh'), en: inLang('en') };
