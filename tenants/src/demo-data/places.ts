import type { Weighted } from './random.js';

/**
 * Where the demo tenants' customers live: for each district office (by its registry unit code) the city it
 * serves, real neighbourhoods and towns of that area, and a point near its centre; plus the tenant's telephone
 * area code, mobile prefixes common in the province, national-ID city prefixes and postal-code prefixes.
 * A unit or tenant missing here still gets data (its `city` and generic streets), just less local.
 */
export interface Place {
  city: string;
  /** Neighbourhoods, or towns of the district office's area. */
  neighbourhoods: readonly string[];
  latitude: number;
  longitude: number;
  /** First four digits of the area's 10-digit postal codes. */
  postalPrefix: string;
}

export interface TenantPlaces {
  /** Three digits between the subscription number and the service type of a bill ID (illustrative, per company). */
  billCompanyCode: string;
  /** Landline area code without the leading 0 (21 Tehran province, 31 Isfahan, 51 Khorasan Razavi). */
  areaCode: string;
  mobilePrefixes: readonly Weighted<string>[];
  /** First three digits of national IDs issued in the province (the issuing office). */
  nationalIdPrefixes: readonly string[];
  /** Mashhad writes addresses as «بلوار X، X ۱۲»; elsewhere «خیابان …، کوچه …». */
  addressStyle: 'street' | 'boulevard';
  /** Family names more common in the area, mixed into the national list. */
  localLastNames: readonly string[];
  districts: Readonly<Record<string, Place>>;
}

const commonMobilePrefixes: Weighted<string>[] = [
  { value: '935', weight: 6 },
  { value: '936', weight: 6 },
  { value: '937', weight: 5 },
  { value: '938', weight: 4 },
  { value: '939', weight: 4 },
  { value: '901', weight: 5 },
  { value: '902', weight: 4 },
  { value: '903', weight: 3 },
  { value: '905', weight: 2 },
  { value: '919', weight: 4 },
  { value: '910', weight: 3 },
  { value: '990', weight: 2 },
  { value: '921', weight: 1 },
  { value: '922', weight: 1 },
];

export const tenantPlaces: Readonly<Record<string, TenantPlaces>> = {
  tehran: {
    billCompanyCode: '121',
    areaCode: '21',
    mobilePrefixes: [{ value: '912', weight: 30 }, { value: '913', weight: 1 }, ...commonMobilePrefixes],
    nationalIdPrefixes: ['001', '002', '003', '004', '005', '006', '007', '008', '011', '020'],
    addressStyle: 'street',
    localLastNames: ['تهرانی', 'ورامینی', 'دماوندی', 'شهریاری', 'رودهنی', 'پاکدشتی'],
    districts: {
      'district-eslamshahr': {
        city: 'اسلامشهر',
        neighbourhoods: ['واوان', 'قائمیه', 'اکبرآباد', 'شاطره', 'ضیاءآباد', 'احمدآباد مستوفی'],
        latitude: 35.545,
        longitude: 51.235,
        postalPrefix: '3315',
      },
      'district-shahriar': {
        city: 'شهریار',
        neighbourhoods: ['اندیشه', 'وحیدیه', 'صباشهر', 'شاهدشهر', 'فردوسیه', 'مرکز شهر'],
        latitude: 35.659,
        longitude: 51.059,
        postalPrefix: '3351',
      },
      'district-varamin': {
        city: 'ورامین',
        neighbourhoods: ['قرچک', 'جوادآباد', 'کریم‌آباد', 'شهرک ولیعصر', 'مرکز شهر'],
        latitude: 35.325,
        longitude: 51.647,
        postalPrefix: '3371',
      },
      'district-pakdasht': {
        city: 'پاکدشت',
        neighbourhoods: ['شریف‌آباد', 'فرون‌آباد', 'خاتون‌آباد', 'مرکز شهر'],
        latitude: 35.475,
        longitude: 51.68,
        postalPrefix: '3391',
      },
      'district-damavand': {
        city: 'دماوند',
        neighbourhoods: ['رودهن', 'آبسرد', 'گیلاوند', 'کیلان', 'آبعلی'],
        latitude: 35.717,
        longitude: 52.066,
        postalPrefix: '3971',
      },
      'district-robat-karim': {
        city: 'رباط‌کریم',
        neighbourhoods: ['پرند', 'نصیرشهر', 'شهرک امام', 'مرکز شهر'],
        latitude: 35.484,
        longitude: 51.083,
        postalPrefix: '3761',
      },
    },
  },
  isfahan: {
    billCompanyCode: '131',
    areaCode: '31',
    mobilePrefixes: [{ value: '913', weight: 30 }, { value: '912', weight: 1 }, ...commonMobilePrefixes],
    nationalIdPrefixes: ['127', '128', '129', '130', '123', '124'],
    addressStyle: 'street',
    localLastNames: ['اصفهانی', 'کاشانی', 'نجف‌آبادی', 'جزی', 'قمصری', 'نصرآبادی'],
    districts: {
      'district-najafabad': {
        city: 'نجف‌آباد',
        neighbourhoods: ['جوزدان', 'کهریزسنگ', 'علویجه', 'دهق', 'مرکز شهر'],
        latitude: 32.634,
        longitude: 51.366,
        postalPrefix: '8514',
      },
      'district-kashan': {
        city: 'کاشان',
        neighbourhoods: ['فین', 'نیاسر', 'قمصر', 'راوند', 'محله سلطان امیراحمد'],
        latitude: 33.983,
        longitude: 51.436,
        postalPrefix: '8715',
      },
      'district-khomeinishahr': {
        city: 'خمینی‌شهر',
        neighbourhoods: ['درچه', 'اصغرآباد', 'کوشک', 'مرکز شهر'],
        latitude: 32.7,
        longitude: 51.521,
        postalPrefix: '8431',
      },
      'district-shahinshahr': {
        city: 'شاهین‌شهر',
        neighbourhoods: ['گز', 'میمه', 'فاز یک', 'فاز سه'],
        latitude: 32.858,
        longitude: 51.553,
        postalPrefix: '8314',
      },
      'district-lenjan': {
        city: 'زرین‌شهر',
        neighbourhoods: ['چمگردان', 'ورنامخواست', 'سده لنجان', 'فولادشهر'],
        latitude: 32.389,
        longitude: 51.376,
        postalPrefix: '8471',
      },
      'district-mobarakeh': {
        city: 'مبارکه',
        neighbourhoods: ['کرکوند', 'دیزیچه', 'طالخونچه', 'زیباشهر'],
        latitude: 32.346,
        longitude: 51.504,
        postalPrefix: '8481',
      },
    },
  },
  mashhad: {
    billCompanyCode: '151',
    areaCode: '51',
    mobilePrefixes: [{ value: '915', weight: 30 }, { value: '912', weight: 1 }, ...commonMobilePrefixes],
    nationalIdPrefixes: ['092', '093', '094', '095', '096'],
    addressStyle: 'boulevard',
    localLastNames: ['خراسانی', 'مشهدی', 'رضوی', 'قوچانی', 'نیشابوری', 'سبزواری'],
    districts: {
      'district-zone-1': {
        city: 'مشهد',
        neighbourhoods: ['احمدآباد', 'سناباد', 'راهنمایی', 'کوهسنگی'],
        latitude: 36.3,
        longitude: 59.58,
        postalPrefix: '9185',
      },
      'district-zone-2': {
        city: 'مشهد',
        neighbourhoods: ['سجاد', 'هاشمیه', 'فلسطین', 'شریعتی'],
        latitude: 36.325,
        longitude: 59.565,
        postalPrefix: '9176',
      },
      'district-zone-3': {
        city: 'مشهد',
        neighbourhoods: ['قاسم‌آباد', 'وکیل‌آباد', 'الهیه', 'هفت‌تیر'],
        latitude: 36.33,
        longitude: 59.51,
        postalPrefix: '9189',
      },
      'district-zone-4': {
        city: 'مشهد',
        neighbourhoods: ['طبرسی', 'عبدالمطلب', 'پنج‌تن', 'گلشهر'],
        latitude: 36.3,
        longitude: 59.645,
        postalPrefix: '9137',
      },
      'district-zone-5': {
        city: 'مشهد',
        neighbourhoods: ['سیدی', 'التیمور', 'بهمن', 'مهرآباد'],
        latitude: 36.265,
        longitude: 59.625,
        postalPrefix: '9164',
      },
      'district-zone-6': {
        city: 'مشهد',
        neighbourhoods: ['خیام', 'آبکوه', 'رضاشهر', 'تلگرد'],
        latitude: 36.265,
        longitude: 59.565,
        postalPrefix: '9177',
      },
    },
  },
};

/** For a tenant the demo profiles do not describe: Tehran's numbering, plain street addresses. */
export const fallbackPlaces: TenantPlaces = {
  billCompanyCode: '101',
  areaCode: '21',
  mobilePrefixes: commonMobilePrefixes,
  nationalIdPrefixes: ['001', '002', '003'],
  addressStyle: 'street',
  localLastNames: [],
  districts: {},
};

export function fallbackPlace(city: string): Place {
  return {
    city,
    neighbourhoods: ['مرکز شهر', 'شهرک ولیعصر', 'کوی فرهنگیان', 'شهرک امام'],
    latitude: 35.7,
    longitude: 51.4,
    postalPrefix: '3315',
  };
}

/** Street names found in almost every Iranian town. */
export const streets = [
  'امام خمینی',
  'انقلاب',
  'آزادی',
  'شهید بهشتی',
  'طالقانی',
  'شهید مطهری',
  'ولیعصر',
  'فردوسی',
  'حافظ',
  'سعدی',
  'شهید چمران',
  'شریعتی',
  'جمهوری اسلامی',
  'شهید رجایی',
  'شهید باهنر',
  'مدرس',
  'آیت‌الله کاشانی',
  'بسیج',
  'شهدا',
  '۱۵ خرداد',
  '۱۷ شهریور',
  'امام رضا',
  'گلستان',
  'بهار',
  'نرگس',
  'لاله',
  'کشاورز',
  'فرهنگ',
  'معلم',
  'پاسداران',
] as const;

/** Landmarks callers give for a problem in the street. */
export const landmarks = [
  'مسجد جامع',
  'مدرسه ابتدایی',
  'پارک محله',
  'نانوایی سنگکی',
  'درمانگاه',
  'بانک ملی',
  'پمپ بنزین',
  'ایستگاه آتش‌نشانی',
  'فروشگاه شهروند',
  'میدان میوه و تره‌بار',
] as const;
