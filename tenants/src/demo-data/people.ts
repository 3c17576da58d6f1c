import { billCheckDigit } from '@abfa/schema';
import { landmarks, type Place, streets, type TenantPlaces } from './places.js';
import type { Random } from './random.js';

/** Common Iranian given names (by frequency in civil-registry lists) and family names. */
const maleNames = [
  'محمد',
  'علی',
  'حسین',
  'رضا',
  'مهدی',
  'حسن',
  'امیر',
  'مصطفی',
  'ابوالفضل',
  'سعید',
  'مجید',
  'حمید',
  'محمدرضا',
  'علیرضا',
  'جواد',
  'احمد',
  'محسن',
  'مرتضی',
  'هادی',
  'وحید',
  'بهروز',
  'فرهاد',
  'داوود',
  'ناصر',
  'اکبر',
  'غلامرضا',
  'یوسف',
  'عباس',
  'اسماعیل',
  'سجاد',
  'امین',
  'میلاد',
  'پویا',
  'آرش',
  'کامران',
] as const;

const femaleNames = [
  'فاطمه',
  'زهرا',
  'مریم',
  'معصومه',
  'زینب',
  'سمیه',
  'نرگس',
  'الهام',
  'مهسا',
  'سارا',
  'لیلا',
  'فرشته',
  'طاهره',
  'اکرم',
  'مرضیه',
  'نسرین',
  'شیرین',
  'پروین',
  'منیژه',
  'سکینه',
  'آزاده',
  'نازنین',
  'ریحانه',
  'کوثر',
  'محدثه',
  'راضیه',
  'سمانه',
  'اعظم',
  'ژیلا',
  'هستی',
] as const;

const lastNames = [
  'محمدی',
  'حسینی',
  'احمدی',
  'رضایی',
  'موسوی',
  'کریمی',
  'جعفری',
  'رحیمی',
  'قاسمی',
  'صادقی',
  'حیدری',
  'کاظمی',
  'مرادی',
  'عباسی',
  'نوری',
  'ابراهیمی',
  'هاشمی',
  'سلیمانی',
  'اکبری',
  'محمودی',
  'زارعی',
  'یوسفی',
  'قربانی',
  'صالحی',
  'طاهری',
  'شریفی',
  'نجفی',
  'رستمی',
  'امینی',
  'باقری',
  'فرهادی',
  'نظری',
  'جمالی',
  'شجاعی',
  'خسروی',
  'میرزایی',
  'توکلی',
  'رحمانی',
  'سعیدی',
  'بهرامی',
  'فتحی',
  'غلامی',
  'طباطبایی',
  'افشار',
  'صفری',
  'نیکخواه',
  'کرمانی',
  'پورمحمدی',
  'اسدی',
  'بابایی',
] as const;

const persianDigits = (text: string) => text.replace(/[0-9]/g, (d) => String.fromCharCode(0x06f0 + Number(d)));
export const fa = (n: number | string) => persianDigits(String(n));

export interface Person {
  name: string;
  /** E.164, or null for a caller who gave none. */
  mobile: string | null;
}

export class PeopleFactory {
  private readonly usedMobiles = new Set<string>();
  private readonly usedSubscriptions = new Set<string>();
  private readonly usedNationalIds = new Set<string>();

  constructor(
    private readonly random: Random,
    private readonly places: TenantPlaces,
  ) {}

  name(): string {
    const r = this.random;
    const first = r.chance(0.5) ? r.pick(maleNames) : r.pick(femaleNames);
    const last =
      this.places.localLastNames.length > 0 && r.chance(0.15) ? r.pick(this.places.localLastNames) : r.pick(lastNames);
    return `${first} ${last}`;
  }

  /** `+989…` with an operator prefix common in the province; unique within the tenant. */
  mobile(): string {
    for (;;) {
      const prefix = this.random.weighted(this.places.mobilePrefixes);
      const mobile = `+98${prefix}${String(this.random.int(0, 9_999_999)).padStart(7, '0')}`;
      if (!this.usedMobiles.has(mobile)) {
        this.usedMobiles.add(mobile);
        return mobile;
      }
    }
  }

  /** A landline as the PBX shows it: 0 + area code + 8 digits. */
  landline(): string {
    return `0${this.places.areaCode}${this.random.int(2, 8)}${String(this.random.int(0, 9_999_999)).padStart(7, '0')}`;
  }

  person(mobileShare = 0.92): Person {
    return { name: this.name(), mobile: this.random.chance(mobileShare) ? this.mobile() : null };
  }

  /** کد ملی with its real check digit (and never an all-zero serial). */
  nationalId(): string {
    for (;;) {
      const prefix = this.random.pick(this.places.nationalIdPrefixes);
      const serial = String(this.random.int(1, 999_999)).padStart(6, '0');
      const body = prefix + serial;
      let sum = 0;
      for (let i = 0; i < 9; i++) sum += Number(body[i]) * (10 - i);
      const r = sum % 11;
      const id = body + String(r < 2 ? r : 11 - r);
      if (!this.usedNationalIds.has(id)) {
        this.usedNationalIds.add(id);
        return id;
      }
    }
  }

  /** 10 digits: the area's prefix, then digits the usual soft pattern accepts (no 2, and no 0 in the fifth place). */
  postalCode(place: Place): string {
    const fifth = '134679';
    const rest = '013456789';
    let code = place.postalPrefix + this.random.pick([...fifth]);
    for (let i = 0; i < 5; i++) code += this.random.pick([...rest]);
    return code;
  }

  /** 8 digits: two for the district office, six for the file. Unique within the tenant. */
  subscriptionNumber(districtIndex: number): string {
    for (;;) {
      const number = `${11 + (districtIndex % 89)}${String(this.random.int(0, 999_999)).padStart(6, '0')}`;
      if (!this.usedSubscriptions.has(number)) {
        this.usedSubscriptions.add(number);
        return number;
      }
    }
  }

  /** شناسه قبض: subscription (file) number, the company's 3-digit code, service type 1 (water), check digit f. */
  billId(subscriptionNumber: string): string {
    const body = `${subscriptionNumber}${this.places.billCompanyCode}1`;
    return `${body}${billCheckDigit(body)}`;
  }

  /** A customer's postal address in the district's area, the way people write it. */
  homeAddress(place: Place): { address: string; neighbourhood: string } {
    const r = this.random;
    const neighbourhood = r.pick(place.neighbourhoods);
    const plate = `پلاک ${fa(r.int(1, 180))}`;
    const unit = r.chance(0.3) ? `، واحد ${fa(r.int(1, 12))}` : '';
    if (this.places.addressStyle === 'boulevard') {
      const boulevard = r.chance(0.6) ? neighbourhood : r.pick(streets);
      return {
        address: `${place.city}، ${neighbourhood}، بلوار ${boulevard}، ${boulevard} ${fa(r.int(1, 90))}، ${plate}${unit}`,
        neighbourhood,
      };
    }
    const alley = r.chance(0.65) ? `کوچه ${fa(r.int(1, 40))}` : `کوچه شهید ${r.pick(lastNames)}`;
    const street = r.pick(streets);
    const town = neighbourhood === 'مرکز شهر' ? place.city : `${place.city}، ${neighbourhood}`;
    return { address: `${town}، خیابان ${street}، ${alley}، ${plate}${unit}`, neighbourhood };
  }

  /** Where a problem in the street is: a crossing or a landmark. */
  streetLocation(place: Place, neighbourhood = this.random.pick(place.neighbourhoods)): string {
    const r = this.random;
    const town = neighbourhood === 'مرکز شهر' ? place.city : `${place.city}، ${neighbourhood}`;
    const road = this.places.addressStyle === 'boulevard' ? 'بلوار' : 'خیابان';
    const street = r.pick(streets);
    if (r.chance(0.5)) {
      let other = r.pick(streets);
      if (other === street) other = r.pick(streets);
      return `${town}، ${road} ${street}، نرسیده به تقاطع ${other}`;
    }
    return `${town}، ${road} ${street}، روبه‌روی ${r.pick(landmarks)}`;
  }

  /** A point near the area's centre (about ±2 km). */
  point(place: Place): { latitude: number; longitude: number } {
    const round = (x: number) => Math.round(x * 1e6) / 1e6;
    return {
      latitude: round(place.latitude + this.random.between(-0.02, 0.02)),
      longitude: round(place.longitude + this.random.between(-0.025, 0.025)),
    };
  }
}
