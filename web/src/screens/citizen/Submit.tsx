import {
  Alert,
  Anchor,
  Button,
  type ComboboxItem,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  type Coordinates,
  digitsOnly,
  formatCoordinates,
  localDigits,
  normalizePersian,
  searchKey,
} from '../../format.js';
import { useI18n, useMessages } from '../../i18n.js';
import { FormError } from '../../ui/alerts.js';
import { errorMessage, newIdempotencyKey } from '../../ui/errors.js';
import { focusNext, formKeys } from '../../ui/shortcuts.js';
import { LoadingState } from '../../ui/states.js';
import { TrackingCode } from '../../ui/TrackingCode.js';
import { TrackingLink } from '../../ui/TrackingLink.js';
import { TenantSelect } from './TenantSelect.js';
import { publicCall } from './tenants.js';

const messages = {
  fa: {
    title: 'ثبت درخواست',
    intro:
      'درخواست‌های غیرفوری را اینجا ثبت کنید. برای حوادث (شکستگی لوله، نشتی، قطع آب، پس‌زدگی فاضلاب) همین حالا با ۱۲۲ تماس بگیرید.',
    tenant: 'شرکت آب و فاضلاب',
    category: 'موضوع درخواست',
    categoryPlaceholder: 'موضوع را انتخاب یا جستجو کنید',
    description: 'شرح درخواست',
    callerName: 'نام و نام خانوادگی',
    callerMobile: 'شماره همراه',
    callerMobileHint: 'بدون پیوند پیگیری، با کد رهگیری و همین شماره می‌توانید پیگیری کنید.',
    address: 'نشانی',
    billId: 'شناسه قبض (اختیاری)',
    billIdHint: 'از روی قبض آب؛ درخواست به اشتراک شما پیوند می‌خورد.',
    submit: 'ثبت درخواست',
    required: 'لازم است',
    mobileFormat: 'شماره همراه ۱۱ رقمی که با ۰۹ شروع می‌شود',
    done: 'درخواست شما ثبت شد',
    codeLabel: 'کد رهگیری',
    keep: 'این پیوند را نگه دارید (یا رونوشت کنید)؛ هر زمان آن را باز کنید وضعیت درخواست را می‌بینید. پیوند را به دیگران ندهید.',
    link: 'پیوند پیگیری',
    copyLink: 'رونوشت پیوند پیگیری',
    orByHand: 'بدون پیوند هم می‌توانید با کد رهگیری و همین شماره همراه پیگیری کنید.',
    trackIt: 'پیگیری همین درخواست',
    another: 'ثبت درخواست دیگر',
    noCategories: 'فهرست موضوع‌ها بارگذاری نشد.',
    pickTenant: 'ابتدا شرکت آب و فاضلاب را انتخاب کنید.',
    location: 'مکان (اختیاری)',
    locationHint: 'اگر همین حالا در محل مشکل هستید، مکان گوشی شما به یافتن محل کمک می‌کند.',
    useLocation: 'استفاده از مکان من',
    locating: 'در حال گرفتن مکان…',
    locationTaken: 'مکان شما همراه درخواست فرستاده می‌شود',
    accuracy: 'دقت حدود',
    metres: 'متر',
    clearLocation: 'حذف مکان',
    locationDenied: 'اجازه دسترسی به مکان داده نشد. بدون مکان هم می‌توانید درخواست را ثبت کنید.',
    locationFailed: 'مکان گوشی به دست نیامد. بدون مکان هم می‌توانید درخواست را ثبت کنید.',
  },
  en: {
    title: 'Submit a request',
    intro:
      'Submit non-urgent requests here. For emergencies (pipe bursts, leaks, water cuts, sewer overflows) call 122 now.',
    tenant: 'Water and wastewater company',
    category: 'Subject',
    categoryPlaceholder: 'Choose or search a subject',
    description: 'Description',
    callerName: 'Full name',
    callerMobile: 'Mobile number',
    callerMobileHint: 'Without the tracking link, you can track the request with its code and this number.',
    address: 'Address',
    billId: 'Bill ID (optional)',
    billIdHint: 'From your water bill; the request is linked to your account.',
    submit: 'Submit the request',
    required: 'Required',
    mobileFormat: 'An 11-digit mobile number starting with 09',
    done: 'Your request has been registered',
    codeLabel: 'Tracking code',
    keep: 'Keep this link (or copy it): open it at any time to see the status of your request. Do not share it.',
    link: 'Tracking link',
    copyLink: 'Copy the tracking link',
    orByHand: 'Without the link, you can also track it with the tracking code and this mobile number.',
    trackIt: 'Track this request',
    another: 'Submit another request',
    noCategories: 'The list of subjects could not be loaded.',
    pickTenant: 'Choose the water and wastewater company first.',
    location: 'Location (optional)',
    locationHint: 'If you are at the problem now, your phone’s location helps find it.',
    useLocation: 'Use my location',
    locating: 'Getting your location…',
    locationTaken: 'Your location is sent with the request',
    accuracy: 'accurate to about',
    metres: 'm',
    clearLocation: 'Remove the location',
    locationDenied: 'Access to your location was not allowed. You can submit the request without it.',
    locationFailed: 'Your phone’s location could not be found. You can submit the request without it.',
  },
};

interface CategoryOption {
  code: string;
  nameFa: string;
  nameEn: string;
}

/** /submit — a citizen submits a non-emergency request from the web (a phone first). */
export default function Submit() {
  const [params] = useSearchParams();
  const { t, language } = useI18n();
  const m = useMessages(messages);
  const [categories, setCategories] = useState<CategoryOption[] | null>(null);
  const [categoriesError, setCategoriesError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ trackingCode: string; trackPath: string } | null>(null);
  // The citizen's location, only when they ask for it (the browser asks their permission first).
  const [place, setPlace] = useState<(Coordinates & { accuracy: number }) | null>(null);
  const [locating, setLocating] = useState(false);
  const [placeError, setPlaceError] = useState<string | null>(null);
  // One key per form attempt, kept across retries: a submit repeated after a network failure never registers twice.
  const idempotencyKey = useRef(newIdempotencyKey());

  const form = useForm({
    mode: 'controlled',
    initialValues: {
      tenant: params.get('tenant') ?? '',
      categoryCode: '',
      description: '',
      callerName: '',
      callerMobile: '',
      address: '',
      billId: '',
    },
    validate: {
      tenant: (v) => (v ? null : m.required),
      categoryCode: (v) => (v ? null : m.required),
      description: (v) => (v.trim() ? null : m.required),
      callerMobile: (v) => (/^(0|\+?98)?9\d{9}$/.test(digitsOnly(v)) ? null : m.mobileFormat),
    },
  });
  const tenant = form.values.tenant;

  useEffect(() => {
    if (!tenant) return;
    let live = true;
    setCategories(null);
    setCategoriesError(null);
    void publicCall<{ categories: CategoryOption[] }>(`${encodeURIComponent(tenant)}/categories`).then((result) => {
      if (!live) return;
      if (result.ok) setCategories(result.body.categories);
      else
        setCategoriesError(
          result.errors[0]
            ? language === 'fa'
              ? result.errors[0].messageFa
              : result.errors[0].message
            : m.noCategories,
        );
    });
    return () => {
      live = false;
    };
  }, [tenant, language, m.noCategories]);

  const locate = () => {
    setPlaceError(null);
    if (!('geolocation' in navigator)) return setPlaceError(m.locationFailed);
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        setPlace({
          latitude: position.coords.latitude,
          longitude: position.coords.longitude,
          accuracy: position.coords.accuracy,
        });
      },
      (error) => {
        setLocating(false);
        setPlaceError(error.code === error.PERMISSION_DENIED ? m.locationDenied : m.locationFailed);
      },
      { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 },
    );
  };

  const send = form.onSubmit(async (values) => {
    setBusy(true);
    setFormError(null);
    const result = await publicCall<{ trackingCode: string; trackPath: string }>(
      `${encodeURIComponent(values.tenant)}/requests`,
      {
        method: 'POST',
        headers: { 'idempotency-key': idempotencyKey.current },
        body: JSON.stringify({
          categoryCode: values.categoryCode,
          description: normalizePersian(values.description).trim(),
          callerName: normalizePersian(values.callerName).trim() || undefined,
          callerMobile: digitsOnly(values.callerMobile),
          address: normalizePersian(values.address).trim() || undefined,
          billId: digitsOnly(values.billId) || undefined,
          latitude: place?.latitude,
          longitude: place?.longitude,
        }),
      },
    );
    setBusy(false);
    if (result.ok) {
      setDone({ trackingCode: result.body.trackingCode, trackPath: result.body.trackPath });
      // Registered: the keyboard goes on from what to keep (the code, then the link and its copy button).
      focusNext('#submit-done');
      return;
    }
    // The form keeps every value; each error goes next to its field when it names one.
    if ('network' in result && result.network) return setFormError(t('errorNetwork'));
    const unplaced: string[] = [];
    for (const error of result.errors) {
      if (error.field && error.field in values) form.setFieldError(error.field, errorMessage(error, language));
      else if (error.field === 'latitude' || error.field === 'longitude') setPlaceError(errorMessage(error, language));
      else unplaced.push(errorMessage(error, language));
    }
    if (unplaced.length || result.errors.length === 0) setFormError(unplaced.join(' — ') || t('errorGeneric'));
  });

  if (done) {
    // The citizen's key to the status (the code alone is not): shown whole, to keep or copy.
    return (
      <Stack>
        <Title order={1} size="h2" id="submit-done" tabIndex={-1}>
          {m.done}
        </Title>
        <TrackingCode code={done.trackingCode} label={m.codeLabel} />
        <TrackingLink path={done.trackPath} label={m.link} copyLabel={m.copyLink} hint={m.keep} />
        <Anchor component={Link} to={done.trackPath} data-testid="track-link-open">
          {m.trackIt}
        </Anchor>
        <Text size="sm" c="dimmed">
          {m.orByHand}
        </Text>
        <Button
          variant="light"
          onClick={() => {
            idempotencyKey.current = newIdempotencyKey();
            form.setValues({ categoryCode: '', description: '', address: '', billId: '' });
            setPlace(null);
            setDone(null);
          }}
        >
          {m.another}
        </Button>
      </Stack>
    );
  }

  return (
    <Stack>
      <Title order={1} size="h2">
        {m.title}
      </Title>
      <Alert color="orange" variant="light">
        {m.intro}
      </Alert>
      <Paper withBorder p="md" component="form" onSubmit={send} onKeyDown={formKeys()} noValidate aria-label={m.title}>
        <Stack>
          <TenantSelect
            label={m.tenant}
            value={tenant}
            onChange={(v) => {
              form.setFieldValue('tenant', v);
              form.setFieldValue('categoryCode', '');
            }}
            error={form.errors.tenant as string | undefined}
          />
          {!tenant ? (
            <Text size="sm" c="dimmed">
              {m.pickTenant}
            </Text>
          ) : categoriesError ? (
            <Alert color="red" role="alert">
              {categoriesError}
            </Alert>
          ) : categories === null ? (
            <LoadingState />
          ) : (
            <Select
              label={m.category}
              placeholder={m.categoryPlaceholder}
              searchable
              selectFirstOptionOnChange
              filter={({ options, search }) =>
                (options as ComboboxItem[]).filter((o) =>
                  searchKey(search)
                    .split(' ')
                    .every((w) => searchKey(o.label).includes(w)),
                )
              }
              required
              data-testid="submit-category"
              data={categories.map((c) => ({ value: c.code, label: language === 'fa' ? c.nameFa : c.nameEn }))}
              {...form.getInputProps('categoryCode')}
            />
          )}
          <Textarea
            label={m.description}
            required
            autosize
            minRows={3}
            maxLength={4000}
            data-testid="submit-description"
            {...form.getInputProps('description')}
          />
          <TextInput
            label={m.callerMobile}
            description={m.callerMobileHint}
            inputMode="tel"
            autoComplete="tel"
            required
            data-testid="submit-mobile"
            classNames={{ input: 'ltr-value' }}
            {...form.getInputProps('callerMobile')}
          />
          <TextInput
            label={m.callerName}
            autoComplete="name"
            data-testid="submit-name"
            {...form.getInputProps('callerName')}
          />
          <Textarea
            label={m.address}
            autosize
            minRows={2}
            maxLength={500}
            data-testid="submit-address"
            {...form.getInputProps('address')}
          />
          <TextInput
            label={m.billId}
            description={m.billIdHint}
            inputMode="numeric"
            autoComplete="off"
            data-testid="submit-bill-id"
            classNames={{ input: 'ltr-value' }}
            {...form.getInputProps('billId')}
          />
          <Stack gap={6} component="fieldset" className="plain-fieldset" aria-describedby="location-hint">
            <Text component="legend" fw={500} size="sm">
              {m.location}
            </Text>
            <Text size="xs" c="dimmed" id="location-hint">
              {m.locationHint}
            </Text>
            {place ? (
              <Group gap="xs" wrap="wrap" data-testid="submit-location">
                <Text size="sm" role="status">
                  {m.locationTaken}:{' '}
                  <span className="ltr-value" data-testid="submit-location-value">
                    {formatCoordinates(place, language)}
                  </span>{' '}
                  ({m.accuracy} {localDigits(Math.round(place.accuracy), language)} {m.metres})
                </Text>
                <Button
                  size="xs"
                  variant="subtle"
                  color="red"
                  onClick={() => setPlace(null)}
                  data-testid="submit-location-clear"
                >
                  {m.clearLocation}
                </Button>
              </Group>
            ) : (
              <Button
                variant="light"
                onClick={locate}
                loading={locating}
                style={{ alignSelf: 'flex-start' }}
                data-testid="submit-locate"
              >
                {locating ? m.locating : m.useLocation}
              </Button>
            )}
            {placeError ? (
              <Text size="sm" c="red.8" role="alert" data-testid="submit-location-error">
                {placeError}
              </Text>
            ) : null}
          </Stack>
          <FormError data-testid="submit-error">{formError}</FormError>
          <Button type="submit" loading={busy} data-testid="submit-button">
            {m.submit}
          </Button>
        </Stack>
      </Paper>
    </Stack>
  );
}
