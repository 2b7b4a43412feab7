/** Made-up but plausible words for the demo: names, places, measures. No real person or case. */

export const FIRST_NAMES = [
  'Emma',
  'Nora',
  'Olivia',
  'Ella',
  'Sofie',
  'Leah',
  'Frida',
  'Ingrid',
  'Maja',
  'Astrid',
  'Sara',
  'Amalie',
  'Hedda',
  'Tiril',
  'Selma',
  'Aisha',
  'Mariam',
  'Zara',
  'Julie',
  'Ida',
  'Jakob',
  'Noah',
  'Emil',
  'Lucas',
  'Oliver',
  'Filip',
  'Aksel',
  'Henrik',
  'Isak',
  'Magnus',
  'Oskar',
  'Sander',
  'Theodor',
  'Johannes',
  'Elias',
  'Ali',
  'Mohammed',
  'Yusuf',
  'Adrian',
  'Tobias',
] as const;

export const LAST_NAMES = [
  'Hansen',
  'Johansen',
  'Olsen',
  'Larsen',
  'Andersen',
  'Pedersen',
  'Nilsen',
  'Kristiansen',
  'Jensen',
  'Karlsen',
  'Johnsen',
  'Pettersen',
  'Eriksen',
  'Berg',
  'Haugen',
  'Hagen',
  'Johannessen',
  'Andreassen',
  'Jacobsen',
  'Dahl',
  'Jørgensen',
  'Halvorsen',
  'Lund',
  'Moen',
  'Solberg',
  'Bakken',
  'Strand',
  'Ahmed',
  'Hussain',
  'Nguyen',
  'Kowalski',
  'Ali',
  'Mohamed',
  'Lie',
  'Rønning',
  'Sandvik',
  'Aas',
  'Myhre',
  'Holm',
  'Vik',
] as const;

const FACILITIES: Record<string, readonly string[]> = {
  '0301': [
    'Oslo universitetssykehus, Barneklinikken',
    'Oslo universitetssykehus, Barnekirurgisk avdeling',
    'Lovisenberg Diakonale sykehus',
    'Akershus universitetssykehus, Barne- og ungdomsklinikken',
  ],
  '4601': [
    'Haukeland universitetssjukehus, Barne- og ungdomsklinikken',
    'Haraldsplass Diakonale sykehus',
  ],
  '5001': [
    'St. Olavs hospital, Barne- og ungdomsklinikken',
    'St. Olavs hospital, Barnekirurgisk seksjon',
  ],
};

const DEFAULT_FACILITIES = [
  'Universitetssykehuset, Barne- og ungdomsklinikken',
  'Sykehuset, Barneavdelingen',
  'Sykehuset, Barnekirurgisk seksjon',
];

export function facilitiesOf(municipality: string): readonly string[] {
  return FACILITIES[municipality] ?? DEFAULT_FACILITIES;
}

export const MEASURE_KINDS = [
  'Foreldreveiledning (ICDP)',
  'Foreldreveiledning (PMTO)',
  'Besøkshjem',
  'Støttekontakt',
  'Barnehageplass',
  'Fritidsaktivitet',
  'Økonomisk stønad',
  'Familieråd',
  'MST (multisystemisk terapi)',
] as const;

export const EXTENSION_REASONS = [
  'Venter på sakkyndig vurdering fra PPT',
  'Behov for samtaler med flere instanser',
  'Familien har vært bortreist i perioden',
  'Venter på uttalelse fra BUP',
] as const;

export const CONCERN_REPORTERS = [
  'school',
  'health',
  'kindergarten',
  'police',
  'family',
  'anonymous',
  'other',
] as const;
