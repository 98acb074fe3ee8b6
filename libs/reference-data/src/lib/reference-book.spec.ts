import { ReferenceBook, UNKNOWN } from './reference-book';

describe('the reference book', () => {
  const book = ReferenceBook.baseline('demo');

  it('should ship all 308 municipalities of the 2025 classification, each in one of the 23 areas', () => {
    const municipalities = book.entries('municipalities');
    expect(municipalities).toHaveLength(308);
    const areas = new Set(book.areas().map((a) => a.code));
    expect(areas.size).toBe(23);
    expect(municipalities.filter((m) => !areas.has(m.value.area))).toEqual([]);
    expect(new Set(municipalities.map((m) => m.value.fi)).size).toBe(308);
  });

  it('should find a municipality by code, Finnish or Swedish name, whatever the case and spaces', () => {
    expect(book.municipality('211')?.fi).toBe('Kangasala');
    expect(book.municipality('  kangasala ')?.code).toBe('211');
    expect(book.municipality('Helsingfors')?.fi).toBe('Helsinki');
    expect(book.municipality('Ma\u0308ntyharju')?.code).toBe('507');
    expect(book.municipality('Pertunmaa')).toBeUndefined();
    expect(book.municipality('Pertunmaa', { includeRetired: true })?.code).toBe('588');
  });

  it('should name the county that organises a municipality, and unknown for free text it does not know', () => {
    expect(book.countyOf('Kangasala')).toBe('Pirkanmaan hyvinvointialue');
    expect(book.countyOf('Kuopio')).toBe('Pohjois-Savon hyvinvointialue');
    expect(book.countyOf('Helsinki')).toBe('Helsingin kaupunki');
    expect(book.countyOf('Mariehamn')).toBe('Ahvenanmaa');
    expect(book.countyOf('Kuopio 7f3a')).toBe(UNKNOWN);
    expect(book.countyOf(null)).toBe(UNKNOWN);
    // Merged away (Pertunmaa into Mäntyharju in 2025): retired, and a record made before still finds its county.
    expect(book.countyOf('Pertunmaa')).toBe('Etelä-Savon hyvinvointialue');
    expect(book.entry('municipalities', '588')?.retiredReason).toBe('merged into Mäntyharju (507) on 2025-01-01');
    expect(book.retiredMunicipality('pertunmaa')).toBe('Pertunmaa is retired: merged into Mäntyharju (507) on 2025-01-01');
    expect(book.retiredMunicipality('Kangasala')).toBeUndefined();
  });

  it('should offer the nearest names for a typo, dots and case ignored', () => {
    expect(book.closeMatches('municipalities', 'Kangasla')).toContain('Kangasala');
    expect(book.closeMatches('municipalities', 'hameenlinna')[0]).toBe('Hämeenlinna');
    expect(book.closeMatches('municipalities', 'Kuopoi')).toContain('Kuopio');
    expect(book.closeMatches('municipalities', 'Zzzzzzzzzz')).toEqual([]);
  });

  it('should apply recorded changes in order: a new room, a retired organiser, each counted in the version', () => {
    const changed = ReferenceBook.baseline('demo');
    changed.apply({
      type: 'ReferenceEntryRecorded',
      data: {
        kind: 'rooms',
        key: 'sali',
        value: { id: 'sali', name: 'Sali', organiser: 'kuopio-family-centre' },
        recordedBy: 'pekka',
        recordedAt: '2026-11-30T10:00:00.000Z',
      },
    });
    changed.apply({
      type: 'ReferenceEntryRetired',
      data: {
        kind: 'organisers',
        key: 'siilinjarvi-family-centre',
        reason: 'moved',
        retiredBy: 'pekka',
        retiredAt: '2026-11-30T10:01:00.000Z',
      },
    });
    expect(changed.room('sali')?.organiser).toBe('kuopio-family-centre');
    expect(changed.organiser('Siilinjärvi family centre')).toBeUndefined();
    expect(changed.organiserName('Siilinjärvi family centre')).toBe('Siilinjärvi family centre');
    expect(changed.version('rooms')).toBe(1);
    expect(changed.version('organisers')).toBe(1);
    expect(book.room('sali')).toBeUndefined();
  });

  it('should leave the demo county out of the national baseline', () => {
    const national = ReferenceBook.baseline('national');
    expect(national.entries('rooms')).toEqual([]);
    expect(national.entries('organisers')).toEqual([]);
    expect(national.service('home-help-for-families')?.fi).toBe('Lapsiperheiden kotipalvelu');
    expect(national.starConfig('thl-2017-2')?.areas).toHaveLength(6);
    expect(national.feedbackForm('kangasala-2024-1')?.items.map((i) => i.key)).toEqual(['heard', 'helped', 'plan-useful']);
  });
});
