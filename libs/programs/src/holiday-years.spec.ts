import { DateTime } from 'luxon';
import { BusinessCalendar } from './business-calendar';
import { greennode, PROGRAM_PRESETS, tencentcloud, vngcloud } from './presets';

const offDays = (calendar: BusinessCalendar, days: string[]) => days.filter((d) => calendar.isBusinessDay(d));
const workingDays = (calendar: BusinessCalendar, days: string[]) => days.filter((d) => !calendar.isBusinessDay(d));

describe('Official holiday arrangements, year by year', () => {
  describe('China (tencentcloud): State Council notices', () => {
    const cn = new BusinessCalendar(tencentcloud);

    it('2025 (国办发明电〔2024〕12号): Spring Festival 28 January to 4 February, make-up Sunday 26 January and Saturday 8 February', () => {
      expect(offDays(cn, ['2025-01-01', '2025-01-28', '2025-01-31', '2025-02-03', '2025-02-04', '2025-04-04', '2025-05-01', '2025-05-02', '2025-05-05', '2025-06-02', '2025-10-01', '2025-10-06', '2025-10-07', '2025-10-08'])).toEqual([]);
      expect(workingDays(cn, ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'])).toEqual([]);
      // Friday 24 January -> Sun 26 (make-up), Mon 27, (28 January to 4 February off), Wed 5 February.
      expect(cn.dueAfterBusinessDays(new Date('2025-01-24T02:00:00Z'), 3).toISOString()).toBe('2025-02-05T15:59:59.999Z');
    });

    it('2026 (notice of 4 November 2025): applied on 12 February, due on 24 February, not inside the Spring Festival', () => {
      expect(offDays(cn, ['2026-01-01', '2026-01-02', '2026-02-16', '2026-02-19', '2026-02-20', '2026-02-23', '2026-04-06', '2026-05-04', '2026-05-05', '2026-06-19', '2026-09-25', '2026-10-05', '2026-10-06', '2026-10-07'])).toEqual([]);
      expect(workingDays(cn, ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'])).toEqual([]);
      // Thursday 12 February -> Fri 13, Sat 14 (make-up), (15 to 23 February off), Tue 24.
      expect(cn.dueAfterBusinessDays(new Date('2026-02-12T02:00:00Z'), 3).toISOString()).toBe('2026-02-24T15:59:59.999Z');
    });

    it('2027: no notice is loaded, so only the statutory days are closed and no make-up day is known', () => {
      expect(cn.holidayYear(2027)).toMatchObject({ year: 2027, notice: null });
      // 全国年节及纪念日放假办法 (2024): Spring Festival is New Year's Eve to the 3rd day, 5 to 8 February 2027.
      expect(offDays(cn, ['2027-02-05', '2027-02-08', '2027-10-01'])).toEqual([]);
      // What the notice will add (a longer break, make-up weekends) is not known: these stay working days until it is loaded.
      expect(workingDays(cn, ['2027-02-09', '2027-02-10'])).toEqual([]);
    });
  });

  describe('Vietnam (vngcloud, greennode): Government and Ministry notices, Labour Code 2019', () => {
    for (const preset of [vngcloud, greennode]) {
      const vn = new BusinessCalendar(preset);

      it(`${preset.id} 2025 (8726/VPCP-KGVX): Tết 27-31 January, 2 May off for Saturday 26 April, National Day 1-2 September`, () => {
        expect(offDays(vn, ['2025-01-01', '2025-01-27', '2025-01-31', '2025-04-07', '2025-04-30', '2025-05-01', '2025-05-02', '2025-09-01', '2025-09-02'])).toEqual([]);
        expect(workingDays(vn, ['2025-04-26'])).toEqual([]);
        // Friday 25 April -> Sat 26 (make-up), Mon 28, Tue 29, (30 April to 4 May off).
        expect(vn.dueAfterBusinessDays(new Date('2025-04-25T03:00:00Z'), 3).toISOString()).toBe('2025-04-29T16:59:59.999Z');
        // Friday 29 August -> (1-2 September off) Wed 3, Thu 4, Fri 5.
        expect(vn.dueAfterBusinessDays(new Date('2025-08-29T03:00:00Z'), 3).toISOString()).toBe('2025-09-05T16:59:59.999Z');
      });

      it(`${preset.id} 2026 (9441/TB-BNV, 12729/VPCP-KGVX): 2 January off for Saturday 10 January, Tết 16-20 February, 27 April, 31 August off for Saturday 22 August`, () => {
        expect(offDays(vn, ['2026-01-01', '2026-01-02', '2026-02-16', '2026-02-20', '2026-04-27', '2026-04-30', '2026-05-01', '2026-08-31', '2026-09-01', '2026-09-02'])).toEqual([]);
        expect(workingDays(vn, ['2026-01-10', '2026-08-22'])).toEqual([]);
        // Thursday 27 August -> Fri 28, (29 August to 2 September off) Thu 3, Fri 4.
        expect(vn.dueAfterBusinessDays(new Date('2026-08-27T03:00:00Z'), 3).toISOString()).toBe('2026-09-04T16:59:59.999Z');
      });

      it(`${preset.id} 2027: no notice is loaded, so only the days of the holiday library count`, () => {
        expect(vn.holidayYear(2027)).toMatchObject({ year: 2027, notice: null });
        // date-holidays puts the five Tết days at 5-9 February 2027; the Government has not chosen them yet.
        expect(offDays(vn, ['2027-02-05', '2027-02-08', '2027-02-09', '2027-09-02'])).toEqual([]);
      });
    }
  });

  describe('the data itself', () => {
    for (const preset of Object.values(PROGRAM_PRESETS)) {
      it(`${preset.id}: every listed day is a real date of its year (or the next or previous one), make-up days fall on weekends, no day is both`, () => {
        expect(preset.holidayYears.map((y) => y.year)).toEqual(expect.arrayContaining([2025, 2026, 2027]));
        expect(new Set(preset.holidayYears.map((y) => y.year)).size).toBe(preset.holidayYears.length);
        for (const y of preset.holidayYears) {
          const off = BusinessCalendar.expandDays(y.daysOff);
          for (const d of [...off, ...y.workingDays]) {
            const day = DateTime.fromISO(d);
            expect([d, day.isValid && Math.abs(day.year - y.year) <= 1]).toEqual([d, true]);
          }
          for (const d of y.workingDays) expect([d, DateTime.fromISO(d).weekday > 5]).toEqual([d, true]);
          expect(y.workingDays.filter((d) => off.includes(d))).toEqual([]);
          expect(y.sources.length).toBeGreaterThan(0);
        }
      });
    }

    it('rejects a malformed range', () => {
      expect(() => BusinessCalendar.expandDays(['2026-02-23..2026-02-15'])).toThrow(RangeError);
      expect(() => BusinessCalendar.expandDays(['2026-02-30'])).toThrow(RangeError);
    });
  });
});
