import { pick } from './random.ts';

/**
 * Survey comments for the demo, composed from templates so that thousands of them read like real
 * customers wrote them: varied openings and specifics, contrast ("friendly, but I waited two
 * hours"), and a few recurring complaint themes that text analytics should find. Written for the
 * demo, not copied from any data set.
 */
export type Mood = 'promoter' | 'passive' | 'detractor';
export type Theme = 'waiting' | 'billing' | 'passed_around' | 'wrong_part' | 'cancellation' | 'callback';
/** Where the service happened; it changes how a complaint or praise is put. */
export type Setting = 'field' | 'phone' | 'chat' | 'billing';
export type CommentLocale = 'en' | 'es' | 'de';

export interface CommentRequest {
  locale: CommentLocale;
  mood: Mood;
  setting: Setting;
  /** The complaint behind a detractor's comment, or the "but" of a passive one. */
  theme: Theme | null;
  /** The name the customer calls the employee by, when the comment names them. */
  mention: string | null;
}

type Lines = readonly string[];
type BySetting = Partial<Record<Setting | 'any', Lines>>;

const FILL: Record<CommentLocale, Record<string, Lines>> = {
  en: {
    appliance: [
      'boiler',
      'boiler',
      'combi boiler',
      'gas boiler',
      'heat pump',
      'radiator',
      'hot water cylinder',
      'thermostat',
      'immersion',
    ],
    resettable: ['boiler', 'combi boiler', 'heat pump', 'thermostat'],
    wait: [
      '20 minutes',
      '25 minutes',
      '35 minutes',
      '40 minutes',
      '45 minutes',
      'over an hour',
      'an hour and a half',
      'nearly two hours',
    ],
    window: ['8–12', '12–4', 'morning', 'afternoon', '8am to 1pm'],
    clock: ['4pm', 'five', 'half five', '6pm'],
    late: ['two hours', 'three hours', '90 minutes', 'over an hour'],
    days: ['three days', 'four days', 'a week', 'five working days'],
    part: [
      'pump',
      'diverter valve',
      'fan',
      'pressure relief valve',
      'PCB',
      'expansion vessel',
      'thermocouple',
    ],
    bill: ['service adjustment', 'admin fee', 'call-out charge', 'plan top-up', 'pro-rata charge'],
    times: ['twice', 'three times', 'four times'],
  },
  es: {
    appliance: ['la caldera', 'la caldera', 'la bomba de calor', 'el radiador', 'el termo'],
    wait: ['40 minutos', 'más de una hora', 'casi dos horas', 'media hora'],
  },
  de: {
    wait: ['40 Minuten', 'über eine Stunde', 'fast zwei Stunden', 'eine halbe Stunde'],
  },
};

const PRAISE: Record<CommentLocale, BySetting> = {
  en: {
    field: [
      'Technician was on time, friendly and left everything clean. The {appliance} has been perfect since.',
      'Arrived in the {window} slot as promised and had the {appliance} sorted within the hour.',
      'Very professional. Explained what was wrong with the {appliance} and what to keep an eye on.',
      'Rang ahead to say they were 20 minutes away, which was a great help as I work from home.',
      'Fixed first time, had the part in the van. Couldn’t ask for more.',
      'Annual service done quickly and without any fuss, and I got a proper explanation of the readings.',
      'Really tidy work on the new {appliance}, and they showed me how to use the controls.',
      'Brilliant. Heating back on the same day.',
      'Knew exactly what the problem was straight away. Very reassuring.',
      'Shoe covers on, dust sheets down, everything left as they found it. Great job on the {appliance}.',
    ],
    phone: [
      'Answered within a couple of minutes and the problem was sorted in one call.',
      'The person I spoke to was really helpful and booked an engineer for the next morning.',
      'Very patient with me, explained the options for the {appliance} without any jargon.',
      'Quick, friendly and knew what they were talking about.',
      'Got a visit booked for the same week, which I didn’t expect.',
      'Talked me through resetting the {resettable} over the phone, no visit needed.',
    ],
    chat: [
      'Quick replies on the chat and everything sorted in ten minutes.',
      'Got a clear answer to my email the same day.',
      'Easy to book my service through the chat, the confirmation came straight away.',
      'Very helpful, sent me the steps for resetting the {resettable} and it worked.',
      'Fast and friendly, no need to ring anyone.',
    ],
    billing: [
      'Refund came through within a few days, as promised.',
      'Changed my direct debit date in five minutes.',
      'Went through my bill line by line. Finally makes sense.',
      'Moved me onto the Home Plan and it was all very straightforward.',
      'Fixed the error on my account without me having to chase it.',
    ],
  },
  es: {
    any: [
      'Muy buen servicio, todo resuelto a la primera.',
      'Rápido y eficaz, me lo explicaron todo con claridad.',
      'Atención excelente, y en español, se agradece mucho.',
      'Todo perfecto, muy profesionales.',
    ],
    field: [
      'El técnico fue puntual y muy amable, y dejó todo limpio.',
      'Me arreglaron {appliance} el mismo día. ¡Gracias!',
    ],
  },
  de: {
    any: [
      'Schnell und unkompliziert, alles gut erklärt.',
      'Top Service, sehr kompetent.',
      'Alles bestens, vielen Dank!',
      'Freundlich und lösungsorientiert, so soll es sein.',
    ],
    field: [
      'Sehr freundlicher Techniker, pünktlich und sauber gearbeitet.',
      'Die Heizung läuft wieder, vielen Dank!',
      'Termin kurzfristig bekommen, Wartung der Therme ohne Probleme.',
    ],
  },
};

const MENTION: Record<CommentLocale, Lines> = {
  en: [
    '{name} was brilliant.',
    '{name} was fantastic, a real credit to the company.',
    'Please pass on my thanks to {name}.',
    '{name} went above and beyond.',
    'Huge thanks to {name}!',
    '{name} was so patient and knew exactly what to do.',
    'Ask for {name}, honestly the best I’ve dealt with.',
    '{name} was friendly and really knew their stuff.',
    'Couldn’t fault {name}.',
    '{name} explained everything clearly and didn’t rush me.',
  ],
  es: [
    '{name} fue muy amable y lo resolvió todo enseguida.',
    'Muchas gracias a {name}, un servicio excelente.',
    '{name} me lo explicó todo con mucha paciencia.',
  ],
  de: [
    '{name} war super hilfsbereit und hat alles sofort erledigt.',
    'Vielen Dank an {name}, sehr kompetent!',
    '{name} hat sich viel Zeit genommen und alles erklärt.',
  ],
};

const PLAIN_PASSIVE: Record<CommentLocale, Lines> = {
  en: [
    'Fine. Job done.',
    'Service was okay, nothing special.',
    'Did what was needed.',
    'Okay overall, a bit slow to get an appointment.',
    'Good work but on the expensive side.',
    'No complaints about the work itself.',
    'Grand, sorted in the end.',
    'It was fine, though I had to ring twice to confirm the time.',
  ],
  es: ['Aceptable, nada especial.', 'Bien, aunque un poco caro.', 'Correcto, sin más.'],
  de: ['Ganz okay, nichts Besonderes.', 'In Ordnung, aber etwas teuer.', 'Hat gepasst.'],
};

// The first half of a "good, but …" comment, naming the employee or not.
const MENTION_START: Record<CommentLocale, Lines> = {
  en: ['{name} was lovely', '{name} did a good job', '{name} was very helpful', '{name} was great'],
  es: ['{name} fue muy amable', '{name} hizo un buen trabajo'],
  de: ['{name} war sehr freundlich', '{name} hat gute Arbeit geleistet'],
};
const CONTRAST_START: Record<CommentLocale, BySetting> = {
  en: {
    field: [
      'Friendly technician',
      'The work itself was fine',
      'Polite and knew the job',
      'Sorted in the end',
    ],
    phone: [
      'Nice person on the phone',
      'Helpful in the end',
      'Polite and knowledgeable',
      'Sorted in the end',
    ],
    chat: ['Helpful agent', 'Got the answer in the end', 'Friendly on the chat'],
    billing: ['Helpful in the end', 'Polite staff', 'Refund sorted eventually'],
  },
  es: { any: ['El trabajo bien', 'Muy amables', 'Al final se resolvió'] },
  de: { any: ['Arbeit gut', 'Sehr freundlich', 'Am Ende hat es geklappt'] },
};

// The second half: the theme in a few words.
const CONTRAST_END: Record<CommentLocale, Record<Theme, BySetting>> = {
  en: {
    waiting: {
      field: [
        'the technician arrived {late} late',
        'I waited in all day for the {window} slot',
        'it took {days} to get an appointment',
      ],
      phone: ['I waited {wait} on hold', 'it took {wait} to get through'],
      chat: ['it took {days} to get a reply', 'I waited {wait} in the chat queue'],
      billing: ['I waited {wait} on hold'],
    },
    billing: {
      any: [
        'the bill is still confusing',
        'I still don’t understand the {bill} on my bill',
        'the direct debit changed without warning',
      ],
    },
    passed_around: {
      any: [
        'I was transferred {times} before I reached the right person',
        'I had to explain everything again to each person',
      ],
    },
    wrong_part: {
      any: [
        'it needed a second visit because the {part} wasn’t in the van',
        'they didn’t have the {part} with them',
      ],
    },
    cancellation: {
      any: ['cancelling my old plan was a hassle', 'it took three calls to cancel the extra cover'],
    },
    callback: { any: ['I’m still waiting on the call back I was promised'] },
  },
  es: {
    waiting: { any: ['tuve que esperar {wait}'] },
    billing: { any: ['la factura no está nada clara'] },
    passed_around: { any: ['me pasaron de un departamento a otro'] },
    wrong_part: { any: ['hizo falta una segunda visita por una pieza'] },
    cancellation: { any: ['cancelar el plan antiguo fue un lío'] },
    callback: { any: ['todavía espero la llamada que me prometieron'] },
  },
  de: {
    waiting: { any: ['ich habe {wait} gewartet'] },
    billing: { any: ['die Rechnung ist unübersichtlich'] },
    passed_around: { any: ['ich wurde mehrmals weiterverbunden'] },
    wrong_part: { any: ['wegen eines Ersatzteils war ein zweiter Termin nötig'] },
    cancellation: { any: ['die Kündigung des alten Vertrags war mühsam'] },
    callback: { any: ['auf den versprochenen Rückruf warte ich noch'] },
  },
};

const COMPLAINT: Record<CommentLocale, Record<Theme, BySetting>> = {
  en: {
    waiting: {
      field: [
        'Nobody turned up in the {window} window and nobody rang to say why.',
        'Told {window}, technician arrived after {clock}. I’d taken the day off work for this.',
        'Missed appointment, second time this month. Had to rebook and lose another day.',
        'Waited in all day with no heating and no one came.',
        'The technician turned up {late} late with no apology.',
      ],
      phone: [
        'Waited {wait} on hold before anyone answered.',
        'On hold for {wait}, then the call dropped and I had to start again.',
        'It took {wait} to get through to a person. Not acceptable when you have no heating.',
        'Rang three times and waited over {wait} each time.',
      ],
      chat: [
        'Took {days} to get a reply to my email.',
        'Waited {wait} in the chat queue and then it closed on me.',
        'Sent two emails and heard nothing for a week.',
      ],
      billing: ['Waited {wait} on hold to ask a simple question about my bill.'],
    },
    billing: {
      any: [
        'My bill was almost double what I expected and nobody could explain why.',
        'Charged twice by direct debit this month, still waiting for the refund of €{amount}.',
        'What is the “{bill}” on my bill? Nobody seems to know.',
        'Was charged a call-out fee of €{amount} even though I’m on the Home Plan.',
        'Bills are impossible to understand. Three pages and I still don’t know what I’m paying for.',
        'Direct debit went up by €{amount} without any notice.',
      ],
    },
    passed_around: {
      any: [
        'Got passed between three departments and had to explain the whole thing every time.',
        'Transferred from billing to technical and back to billing. Nobody took ownership.',
        'Every person I spoke to told me to contact someone else.',
        'Chat told me to ring, phone told me to email. Ridiculous.',
        'Passed from pillar to post, and the problem still isn’t fixed.',
      ],
    },
    wrong_part: {
      field: [
        'The technician didn’t have the right part for the {appliance}, so now I have to wait for a second visit.',
        'Came out to fix the {appliance} but had to order a {part}. Another week without hot water.',
        'Second visit and still no {part}. Why wasn’t it ordered the first time?',
        'Found the fault in ten minutes, then said the {part} would take a week to come in.',
      ],
      any: ['Booked a repair, but the engineer came without the {part} I’d described on the phone.'],
    },
    cancellation: {
      any: [
        'Trying to cancel my Home Plan is a nightmare, you have to ring and they just try to sell you something else.',
        'Asked to cancel twice and was still charged the following month.',
        'Why can’t I cancel online? It took three calls.',
        'Cancelled the extra cover weeks ago and I’m still paying for it.',
      ],
    },
    callback: {
      any: [
        'Was promised a call back within 24 hours. Still waiting.',
        'Nobody called back like they said they would.',
        'Left my number twice for a call back and heard nothing.',
      ],
    },
  },
  es: {
    waiting: {
      any: ['Esperé {wait} al teléfono y nadie me atendió.'],
      field: [
        'El técnico no vino en la franja acordada y nadie avisó.',
        'Esperé todo el día y el técnico no vino.',
      ],
    },
    billing: {
      any: ['Me cobraron dos veces por domiciliación bancaria.', 'La factura es imposible de entender.'],
    },
    passed_around: { any: ['Me pasaron de un departamento a otro y nadie me dio una solución.'] },
    wrong_part: { any: ['El técnico no traía la pieza necesaria y tendrá que volver otro día.'] },
    cancellation: { any: ['Cancelar el plan es complicadísimo, tuve que llamar tres veces.'] },
    callback: { any: ['Me prometieron una llamada que nunca llegó.'] },
  },
  de: {
    waiting: {
      any: ['Ich hing {wait} in der Warteschleife, das geht gar nicht.'],
      field: [
        'Der Techniker kam nicht im vereinbarten Zeitfenster und niemand hat Bescheid gegeben.',
        'Den ganzen Tag gewartet, niemand ist gekommen.',
      ],
    },
    billing: {
      any: [
        'Es wurde doppelt abgebucht und die Rechnung ist unverständlich.',
        'Die Rechnung ist viel höher als erwartet und niemand kann sie erklären.',
      ],
    },
    passed_around: { any: ['Ich wurde von einer Abteilung zur nächsten weitergeleitet, ohne Lösung.'] },
    wrong_part: {
      any: [
        'Der Techniker hatte das richtige Ersatzteil nicht dabei, jetzt brauche ich einen zweiten Termin.',
      ],
    },
    cancellation: { any: ['Die Kündigung des Wartungsvertrags ist viel zu kompliziert.'] },
    callback: { any: ['Mir wurde ein Rückruf versprochen, der nie kam.'] },
  },
};

const PRAISE_CLOSING: Record<CommentLocale, Lines> = {
  en: ['Thank you.', 'Would recommend.', 'Keep it up.', 'Great service as always.', 'Thanks again!'],
  es: ['Gracias.', 'Lo recomiendo.'],
  de: ['Danke!', 'Gerne wieder.'],
};
const COMPLAINT_OPENING: Record<CommentLocale, Lines> = {
  en: ['Poor service.', 'Really frustrating.', 'Not impressed.', 'Very disappointing experience.'],
  es: ['Muy mal servicio.', 'Muy decepcionante.'],
  de: ['Sehr enttäuschend.', 'Schlechter Service.'],
};
const COMPLAINT_CLOSING: Record<CommentLocale, Lines> = {
  en: [
    'Very disappointed.',
    'Not good enough.',
    'Seriously thinking about switching provider.',
    'Not the first time either.',
    'Expected better.',
    'Sort it out.',
  ],
  es: ['Estoy pensando en cambiar de empresa.', 'No es la primera vez.'],
  de: ['So nicht.', 'Nicht das erste Mal.'],
};

const linesFor = (table: BySetting, setting: Setting): Lines => {
  const lines = table[setting] ?? table.any;
  if (!lines) throw new Error(`no demo comment lines for ${setting}`);
  // Settings with their own lines also draw from the general ones now and then.
  return table[setting] && table.any ? [...table[setting], ...table.any] : lines;
};

function fill(random: () => number, locale: CommentLocale, line: string, mention: string | null): string {
  return line.replace(/\{(\w+)\}/g, (_, key: string) => {
    if (key === 'name') return mention ?? 'the technician';
    if (key === 'amount') return String(25 + Math.floor(random() * 44) * 5);
    const options = FILL[locale][key] ?? FILL.en[key];
    if (!options) throw new Error(`no fill for {${key}}`);
    return pick(random, options);
  });
}

/** One survey comment, consistent with the mood (and so with the score) it is written for. */
export function writeComment(random: () => number, request: CommentRequest): string {
  const { locale, mood, setting, theme, mention } = request;
  const line = (lines: Lines) => fill(random, locale, pick(random, lines), mention);
  const parts: string[] = [];
  if (mood === 'promoter') {
    if (mention) parts.push(line(MENTION[locale]));
    if (!mention || random() < 0.55) parts.push(line(linesFor(PRAISE[locale], setting)));
    if (random() < 0.2) parts.push(line(PRAISE_CLOSING[locale]));
  } else if (mood === 'passive') {
    if (theme) {
      const start = line(mention ? MENTION_START[locale] : linesFor(CONTRAST_START[locale], setting));
      const but = locale === 'es' ? 'pero' : locale === 'de' ? 'aber' : 'but';
      parts.push(`${start}, ${but} ${line(linesFor(CONTRAST_END[locale][theme], setting))}.`);
    } else {
      parts.push(line(PLAIN_PASSIVE[locale]));
    }
  } else {
    if (random() < 0.2) parts.push(line(COMPLAINT_OPENING[locale]));
    parts.push(line(linesFor(COMPLAINT[locale][theme ?? 'waiting'], setting)));
    if (random() < 0.3) parts.push(line(COMPLAINT_CLOSING[locale]));
  }
  return parts.join(' ');
}
