import { BusinessCalendar } from './business-calendar';
import { tencentcloud, vngcloud } from './presets';

describe(BusinessCalendar.name, () => {
  const calendar = new BusinessCalendar(vngcloud);

  it('counts three business days after a Monday submission, ending at local midnight', () => {
    // Monday 2026-11-23 10:00 in Hanoi (03:00Z) -> end of Thursday 2026-11-26 local = 16:59:59.999Z.
    expect(calendar.dueAfterBusinessDays(new Date('2026-11-23T03:00:00Z'), 3).toISOString()).toBe('2026-11-26T16:59:59.999Z');
  });

  it('skips the weekend', () => {
    // Friday 2026-11-27 -> Mon 30, Tue 1, Wed 2 December.
    expect(calendar.dueAfterBusinessDays(new Date('2026-11-27T09:00:00Z'), 3).toISOString()).toBe('2026-12-02T16:59:59.999Z');
  });

  it('uses the local date of the submission, not the UTC one', () => {
    // 2026-11-20T18:00Z is already Saturday 01:00 in Hanoi -> Mon 23, Tue 24, Wed 25.
    expect(calendar.dueAfterBusinessDays(new Date('2026-11-20T18:00:00Z'), 3).toISOString()).toBe('2026-11-25T16:59:59.999Z');
  });

  it('skips Vietnamese public holidays (National Day, 2 September)', () => {
    // Tuesday 2027-08-31 -> Wed 1 Sep, (Thu 2 Sep holiday), Fri 3, Mon 6.
    expect(calendar.isBusinessDay('2027-09-02')).toBe(false);
    expect(calendar.dueAfterBusinessDays(new Date('2027-08-31T03:00:00Z'), 3).toISOString()).toBe('2027-09-06T16:59:59.999Z');
  });

  it('skips every day of a holiday that spans several days (Tết 2026)', () => {
    // Friday 2026-02-13 -> Tết break Mon 16 to Fri 20 February -> Mon 23, Tue 24, Wed 25.
    for (const d of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']) expect(calendar.isBusinessDay(d)).toBe(false);
    expect(calendar.dueAfterBusinessDays(new Date('2026-02-13T03:00:00Z'), 3).toISOString()).toBe('2026-02-25T16:59:59.999Z');
  });

  it('honours closures the provider announces beyond the public holidays', () => {
    const withBreak = new BusinessCalendar({ ...vngcloud, extraClosures: ['2026-11-24'] });
    expect(withBreak.isBusinessDay('2026-11-24')).toBe(false);
    expect(withBreak.dueAfterBusinessDays(new Date('2026-11-23T03:00:00Z'), 3).toISOString()).toBe('2026-11-27T16:59:59.999Z');
  });

  describe('in China (tencentcloud)', () => {
    const cn = new BusinessCalendar(tencentcloud);

    it('skips National Day and the weekend after it', () => {
      // Thursday 2027-09-30 10:00 Beijing -> (Fri 1 Oct holiday, weekend) Mon 4, Tue 5, Wed 6 October.
      expect(cn.dueAfterBusinessDays(new Date('2027-09-30T02:00:00Z'), 3).toISOString()).toBe('2027-10-06T15:59:59.999Z');
    });

    it('skips all four statutory days of Spring Festival', () => {
      // Thursday 2027-02-04 -> (Fri 5 New Year's Eve, Sat 6, Sun 7, Mon 8 the 3rd day) Tue 9, Wed 10, Thu 11.
      for (const d of ['2027-02-05', '2027-02-08']) expect(cn.isBusinessDay(d)).toBe(false);
      expect(cn.dueAfterBusinessDays(new Date('2027-02-04T02:00:00Z'), 3).toISOString()).toBe('2027-02-11T15:59:59.999Z');
    });

    it('keeps half-day and group holidays as working days', () => {
      expect(cn.isBusinessDay('2027-03-08')).toBe(true); // Women's Day, an afternoon off for women
      expect(cn.isBusinessDay('2027-06-01')).toBe(true); // Children's Day
    });

    it('takes the government\'s full arrangement as data: closures and make-up working days', () => {
      const arranged = new BusinessCalendar({ ...tencentcloud, extraClosures: ['2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07'], extraWorkingDays: ['2027-10-09'] });
      expect(arranged.isBusinessDay('2027-10-09')).toBe(true);
      // Thursday 30 September -> closed 1-7 October -> Fri 8, Sat 9 (make-up), Mon 11.
      expect(arranged.dueAfterBusinessDays(new Date('2027-09-30T02:00:00Z'), 3).toISOString()).toBe('2027-10-11T15:59:59.999Z');
    });
  });
});
