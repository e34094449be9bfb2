/**
 * Our own sentiment lexicon for customer-service comments (written by hand for Serviceloop, not
 * derived from any data set): valence from -4 (very negative) to +4 (very positive). General
 * opinion words plus the things that go wrong or right in service (delays, holds, refunds,
 * rebooking). Inflections are listed where they differ; nothing is stemmed, which keeps lookup a
 * single Map read.
 */
const BY_VALENCE: Record<string, string> = {
  '4': 'obsessed heaven medal outstanding phenomenal superb exceptional amazing awesome fantastic wonderful brilliant excellent perfect perfection flawless incredible love loved loving lovely heroes hero legend legends',
  '3': 'great best fabulous terrific marvelous marvellous delighted delightful impressed impressive stellar exceeded beautiful gorgeous thrilled kudos bravo grateful thankful appreciated appreciate appreciates adore adored favorite favourite recommend recommended highly enjoy enjoyed enjoying happy happiest fun pleasure pleasant awesomeness rockstar rockstars rocks rock classy fav fave excited exciting relaxing funny hilarious thankyou kindness rocked woohoo yay',
  '2': 'good nice friendly helpful kind courteous polite professional thanks thank thx ty tyvm cheers glad pleased smooth smoothly easy efficient quick quickly fast prompt promptly comfortable comfy clean tasty delicious yummy fresh cool neat solid reliable attentive caring patient generous welcoming warm sweet gracious accommodating accommodated knowledgeable competent responsive resolved solved fixed win winning wins worth worthwhile safe safely like liked likes enjoyable satisfied satisfying impressive compliments compliment congrats congratulations praise praised upgraded refunded rebooked spacious roomy ontime thanx thnx care cares cared',
  '1': 'ok okay fine decent fair better proper promising helped luck lucky worked affordable reasonable free bonus sorted safe',
  '-1': 'slow slower slowly late later delay delays wait waits waiting waited queue queues hold issue issues problem problems confusing confused unclear expensive pricey overpriced cramped crowded noisy loud small tiny old dated tired tiring missing missed miss mistake mistakes error errors glitch glitches bug bugs crash crashed unable weird odd meh mediocre average bland boring lacking lack less limited hassle complicated difficult hard still again nothing seriously bumped unknown duh overbook overbooking scared seriously weak robotic sitting stressed stressful ridiculous',
  '-2': 'bad poor poorly unhelpful unfriendly unprofessional impolite delayed cancelled canceled cancel cancels cancellation cancellations lost damaged broken broke dirty filthy smelly stinks stink cold rude annoyed annoying annoyance frustrated frustrating frustration upset unhappy disappointed disappointing disappointment sad sorry fail failed fails failure wrong incorrect inaccurate useless worthless waste wasted wasting overbooked stranded diverted misconnect misconnected rebooking sucked complain complaint complaints unacceptable ridiculous ignored ignoring ignore unanswered refuse refused refusing denied deny charged overcharged fee fees hidden rip ripoff scam mess messed inconvenience inconvenienced inconvenient unreliable incompetent careless uncomfortable worse excuse excuses lies lied lying shame shameful irritated unfortunate unfair ripped ass scolding usurious stuck failing ruin unusable hostage apathy excuse',
  '-3': 'terrible horrible awful worst hate hated hates disgusting disgusted disgrace disgraceful pathetic appalling atrocious nightmare furious angry livid outraged outrageous insulting insult shocking dreadful abysmal lousy garbage trash joke sucks suck egregious crap crappy incompetence fraud stole stolen thieves wtf hell ruined shit shitty bullshit idiots idiot screw screwed extortion rage sucked worstairline worstservice unitedairlinessucks fail',
  '-4': 'horrendous horrific abhorrent despicable',
};

export const VALENCE: ReadonlyMap<string, number> = (() => {
  const map = new Map<string, number>();
  for (const [valence, words] of Object.entries(BY_VALENCE)) {
    for (const word of words.split(' ')) if (!word.includes('-')) map.set(word, Number(valence));
  }
  // Emoticons and a few emoji.
  for (const e of [
    ':)',
    '<3',
    '😊',
    '😀',
    '😃',
    '😁',
    '😍',
    '👍',
    '🙌',
    '👏',
    '❤',
    '❤️',
    '💕',
    '💙',
    '😄',
    '🙂',
    '😂',
    '🎉',
    '😎',
    '✨',
    '💯',
    '🙏',
  ])
    map.set(e, 2.5);
  for (const e of [':(', '😡', '😠', '😤', '😞', '😢', '😭', '👎', '😩', '😫', '😒', '🙄', '😑', '😕'])
    map.set(e, -2.5);
  return map;
})();

/**
 * Phrases whose meaning is not the sum of their words, matched on consecutive tokens. Checked
 * before single words; the words inside a phrase are not scored again.
 */
export const PHRASES: ReadonlyArray<readonly [string, number]> = [
  ['on hold', -2.5],
  ['still waiting', -2.5],
  ['still no', -2],
  ['still not', -2],
  ['no one', -2],
  ['nobody', -2],
  ['no response', -2.5],
  ['no reply', -2.5],
  ['no answer', -2],
  ['no help', -2.5],
  ['never again', -3.5],
  ['not again', -2],
  ['thanks for nothing', -3],
  ['thank you for nothing', -3],
  ['no thanks', -1.5],
  ['what a joke', -3],
  ['waste of time', -3],
  ['customer disservice', -3],
  ['fell asleep', -1],
  ['how hard', -2],
  ['missed my connection', -3],
  ['missed connection', -2.5],
  ['lost my bag', -3],
  ['lost luggage', -2.5],
  ['lost bag', -2.5],
  ['lost bags', -2.5],
  ['hung up', -2.5],
  ['hangs up', -2.5],
  ['not happy', -2.5],
  ['not impressed', -2.5],
  ['not helpful', -2.5],
  ['let down', -2.5],
  ['sat on the tarmac', -2.5],
  ['sitting on the tarmac', -2.5],
  ['can not', -1],
  ['way to go', 3],
  ['never lets me down', 3],
  ['never disappoints', 3],
  ['gold star', 3],
  ['made it', 1.5],
  ['woo hoo', 3],
  ['thanks a lot', -1],
  ['great job idiots', -3],
  ['bait and switch', -3],
  ['given up', -2],
  ['gave up', -2],
  ['give up', -1.5],
  ['come on', -1.5],
  ['yet to', -1.5],
  ['2nd time', -1.5],
  ['second time', -1.5],
  ['third time', -2],
  ['each time', -0.5],
  ['an hour', -1],
  ['over an hour', -2],
  ['hour delay', -2],
  ['hours late', -2.5],
  ["wouldn't let", -2],
  ['wouldnt let', -2],
  ['would not let', -2],
  ['fix your', -1.5],
  ['please fix', -1.5],
  ['sarcasm', -2.5],
  ['no longer', -1],
  ['thank you', 2],
  ['thank u', 2],
  ['thanks so much', 3],
  ['thank you so much', 3],
  ['much appreciated', 3],
  ['made my day', 3.5],
  ['above and beyond', 3.5],
  ['went out of her way', 3],
  ['went out of his way', 3],
  ['went out of their way', 3],
  ['on time', 1.5],
  ['no problem', 1.5],
  ['no problems', 1.5],
  ['no issues', 1.5],
  ['no complaints', 2],
  ['no hassle', 2],
  ['no worries', 1],
  ['well done', 3],
  ['good job', 3],
  ['great job', 3.5],
  ['keep it up', 2.5],
  ['shout out', 2.5],
  ['shoutout', 2.5],
  ['can not wait', 2],
  ["can't wait", 2],
  ['cant wait', 2],
  ['cannot wait', 2],
  ['look forward', 2],
  ['looking forward', 2],
];

/** Words that flip the polarity of the next few words ("not helpful", "never friendly"). */
/** Thanks and praise words that in a complaint are politeness or sarcasm, not praise. */
export const POLITENESS: ReadonlySet<string> = new Set([
  'thanks',
  'thank',
  'thx',
  'ty',
  'thanx',
  'thnx',
  'appreciate',
  'appreciated',
  'great',
  'nice',
  'love',
  'awesome',
  'wonderful',
  'glad',
]);

/** Pieces of hashtags (#unitedsucks, #badservice, #lovethem) that carry their sentiment. */
export const HASHTAG_PARTS: ReadonlyArray<readonly [string, number]> = [
  ['fail', -2.5],
  ['sucks', -3],
  ['worst', -3],
  ['bad', -2],
  ['never', -1.5],
  ['lost', -2],
  ['angry', -2.5],
  ['love', 3],
  ['best', 3],
  ['great', 3],
  ['happy', 2.5],
  ['thank', 2.5],
  ['awesome', 3],
];

export const NEGATORS: ReadonlySet<string> = new Set(
  "not no never none nor neither without hardly barely isn't isnt wasn't wasnt aren't arent weren't werent don't dont doesn't doesnt didn't didnt can't cant cannot couldn't couldnt won't wont wouldn't wouldnt shouldn't shouldnt haven't havent hasn't hasnt hadn't hadnt ain't aint lack lacked lacking".split(
    ' ',
  ),
);

/** Intensity modifiers: multiply the next sentiment word. */
export const BOOSTERS: ReadonlyMap<string, number> = new Map([
  ['very', 1.3],
  ['really', 1.25],
  ['so', 1.25],
  ['extremely', 1.5],
  ['incredibly', 1.5],
  ['super', 1.3],
  ['truly', 1.3],
  ['absolutely', 1.4],
  ['totally', 1.3],
  ['completely', 1.4],
  ['most', 1.2],
  ['too', 1.2],
  ['such', 1.2],
  ['quite', 1.1],
  ['always', 1.2],
  ['pretty', 0.9],
  ['somewhat', 0.7],
  ['slightly', 0.6],
  ['kinda', 0.7],
  ['little', 0.8],
  ['bit', 0.8],
]);

/**
 * Contrast: what follows outweighs what came before ("friendly, but I waited 40 minutes").
 * "although"/"though"/"even though" work the other way round: the clause they open is the
 * concession, so it is damped instead.
 */
export const CONTRAST_AFTER: ReadonlySet<string> = new Set([
  'but',
  'however',
  'yet',
  'unfortunately',
  'sadly',
]);
export const CONCESSION: ReadonlySet<string> = new Set(['although', 'though', 'despite', 'while', 'whilst']);

/** Words that make a sentence a request or a question rather than an opinion. */
export const REQUEST_WORDS: ReadonlySet<string> = new Set([
  'please',
  'pls',
  'plz',
  'how',
  'what',
  'when',
  'where',
  'which',
  'who',
  'can',
  'could',
  'would',
  'will',
  'do',
  'does',
  'is',
  'are',
  'any',
  'need',
  'want',
  'dm',
]);
