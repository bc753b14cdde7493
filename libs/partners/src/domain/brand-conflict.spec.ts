import { tencentcloud, vngcloud } from '@pp/programs';
import { brandConflicts } from './brand-conflict';

const found = (name: string) => brandConflicts(name, tencentcloud);

describe('brandConflicts under tencentcloud (seed 004: no conflict or confusion with the Tencent brands)', () => {
  it('reads an ordinary phrase of the exceptions as no brand (小微信息 is "small and micro information"), and still catches the brand beside it', () => {
    expect(found('成都小微信息技术有限公司')).toEqual([]);
    expect(found('成都小微信息微信代理有限公司')).toEqual(['微信']);
    expect(found('成都微信息技术有限公司')).toEqual(['微信']);
  });

  it.each([
    ['simplified', '深圳市腾讯科技有限公司', ['腾讯']],
    ['traditional', '深圳市騰訊科技有限公司', ['腾讯']],
    ['mixed traditional and simplified', '深圳市腾訊科技有限公司', ['腾讯']],
    ['the cloud brand, named by the shorter word it contains', '北京腾讯云代理服务有限公司', ['腾讯']],
    ['a look-alike character (迅 for 讯)', '深圳市腾迅科技有限公司', ['腾讯']],
    ['a traditional look-alike (騰迅)', '深圳市騰迅科技有限公司', ['腾讯']],
    ['a look-alike of 腾 (滕)', '深圳市滕讯科技有限公司', ['腾讯']],
    ['spaces between the characters', '深圳市腾 讯科技有限公司', ['腾讯']],
    ['another Tencent brand, 微信', '广州微信营销服务有限公司', ['微信']],
    ['微信 in traditional form', '廣州微信營銷服務有限公司', ['微信']],
    ['财付通 in traditional form', '深圳財付通代理有限公司', ['财付通']],
    ['English in any case', 'TENCENT Partner Ltd', ['Tencent']],
    ['English inside a longer word', 'TencentCloud Resellers Ltd', ['Tencent']],
    ['full-width English', 'ＴＥＮＣＥＮＴ代理有限公司', ['Tencent']],
    ['Cyrillic look-alike letters', 'Теncеnt Partner Ltd', ['Tencent']],
    ['an invisible character inside the word', 'Ten\u200Bcent Partner Ltd', ['Tencent']],
    ['WeChat', 'WeChat Marketing Co., Ltd.', ['WeChat']],
    ['QQ as a word of its own', 'QQ Games Studio Ltd', ['QQ']],
    ['QQ between Chinese characters', '深圳QQ游戏工作室', ['QQ']],
    ['QQ in full width', 'ｑｑ游戏工作室', ['QQ']],
    ['several brands at once', '腾讯微信QQ代理有限公司', ['腾讯', '微信', 'QQ']],
  ])('catches %s', (_form, name, words) => {
    expect(found(name)).toEqual(words);
  });

  it.each([
    ['a company without any brand word', '深圳市云帆科技有限公司'],
    ['QQ inside an unrelated Latin word', 'AQQUA Water Trading Ltd'],
    ['QQ at the start of a Latin word', 'QQuest Consulting Ltd'],
    ['the brand letters across two words', 'Often Centre Consulting Ltd'],
    ['腾 and 讯 apart', '腾飞通讯设备有限公司'],
    ['a province whose name holds 徽 (no look-alike of 微)', '安徽信息技术有限公司'],
  ])('does not catch %s', (_form, name) => {
    expect(found(name)).toEqual([]);
  });

  it('finds nothing where the program lists no brand word', () => {
    expect(brandConflicts('深圳市腾讯科技有限公司 Tencent QQ', vngcloud)).toEqual([]);
  });
});
