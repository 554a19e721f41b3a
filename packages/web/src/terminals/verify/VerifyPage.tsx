import {
  CheckCircleFilled,
  CloseCircleFilled,
  ExclamationCircleFilled,
  LoadingOutlined,
  QuestionCircleFilled,
  SafetyCertificateFilled,
  ScanOutlined,
} from '@ant-design/icons';
import { Alert, Button, Input } from 'antd';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { parseCertificateToken } from '@anju/contracts';
import { useI18n } from '../../app/i18n.tsx';
import { dayjs, ZONE } from '../../app/time.ts';
import { QrScanPanel } from '../qr-scan.tsx';
import {
  type CertificateStatus,
  checkSignature,
  fetchStatus,
  loadKeys,
  type OfficeKey,
  type SignatureCheck,
  type StatusResult,
  tokenOf,
} from './verify.ts';
import './verify.css';

type Keys =
  | { state: 'loading' }
  | { state: 'ready'; keys: OfficeKey[]; fromCache: boolean }
  | { state: 'failed' };
type Status =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'done'; result: StatusResult }
  | { state: 'failed'; message: string };

function readHash(): string {
  try {
    return decodeURIComponent(window.location.hash.slice(1));
  } catch {
    return window.location.hash.slice(1);
  }
}

/** A scanned QR is ours when it holds a token (or a /verify#token link). */
const acceptToken = (text: string) => (parseCertificateToken(tokenOf(text)) ? text.trim() : null);

const STATUS_ICON: Record<CertificateStatus, ReactNode> = {
  valid: <CheckCircleFilled />,
  expired: <ExclamationCircleFilled />,
  revoked: <CloseCircleFilled />,
  superseded: <ExclamationCircleFilled />,
  unknown: <QuestionCircleFilled />,
};

function Fields({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="vf-fields">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * /verify: anyone holding a printed certificate checks it, without signing in. The token comes in
 * the URL fragment (the QR encodes `<origin>/verify#<token>`, so it never reaches a server log),
 * or is pasted or scanned. The browser checks the Ed25519 signature with the offices' published
 * keys first; only a good signature is then sent to the server for the current status. The two
 * results are shown apart: a signature says who made it, the status whether it still holds.
 */
export default function VerifyPage() {
  const { t, tr, lang, setLang } = useI18n();
  const [keys, setKeys] = useState<Keys>({ state: 'loading' });
  const [text, setText] = useState(readHash);
  const [check, setCheck] = useState<SignatureCheck>({ kind: 'empty' });
  const [status, setStatus] = useState<Status>({ state: 'idle' });
  const [scanning, setScanning] = useState(false);
  const run = useRef(0);

  const fetchKeys = useCallback(() => {
    setKeys({ state: 'loading' });
    loadKeys()
      .then(({ keys, fromCache }) => setKeys({ state: 'ready', keys, fromCache }))
      .catch(() => setKeys({ state: 'failed' }));
  }, []);

  useEffect(() => {
    fetchKeys();
  }, [fetchKeys]);

  const verify = useCallback((input: string, officeKeys: OfficeKey[]) => {
    const id = ++run.current;
    const result = checkSignature(input, officeKeys);
    setCheck(result);
    if (result.kind !== 'valid') {
      setStatus({ state: 'idle' });
      return;
    }
    setStatus({ state: 'loading' });
    fetchStatus(result.token)
      .then((r) => {
        if (run.current === id) setStatus({ state: 'done', result: r });
      })
      .catch((error: unknown) => {
        if (run.current === id)
          setStatus({ state: 'failed', message: error instanceof Error ? error.message : String(error) });
      });
  }, []);

  // The fragment is read at load and whenever it changes (a second QR scanned by the phone's camera app).
  const [hash, setHash] = useState(readHash);
  useEffect(() => {
    const onHash = () => {
      setHash(readHash());
      setText(readHash());
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const submitted = useRef<string | null>(null);
  useEffect(() => {
    if (keys.state !== 'ready' || !hash || submitted.current === hash) return;
    submitted.current = hash;
    verify(hash, keys.keys);
  }, [keys, verify, hash]);

  const submit = (value: string) => {
    if (keys.state !== 'ready') return;
    const token = tokenOf(value);
    // Kept in the fragment: a reload checks the same code, and it still never reaches the server's logs.
    submitted.current = token;
    window.history.replaceState(null, '', `${window.location.pathname}#${token}`);
    setText(token);
    verify(token, keys.keys);
  };

  const claims =
    check.kind === 'valid' || check.kind === 'bad_signature' || check.kind === 'unknown_key'
      ? check.claims
      : null;
  const typeLabel = (type: string) => tr(`kioskTerminal.service.${type}`);

  return (
    <div className="vf-page">
      <header className="vf-header">
        <span className="vf-brand">
          <SafetyCertificateFilled /> {t('verifyPage.brand')}
        </span>
        <Button
          size="small"
          ghost
          onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}
          data-testid="verify-lang"
        >
          {t('app.otherLanguage')}
        </Button>
      </header>
      <main className="vf-main">
        <h1>{t('verifyPage.title')}</h1>
        <p className="vf-muted">{t('verifyPage.intro')}</p>

        {keys.state === 'loading' && (
          <p className="vf-muted" data-testid="verify-keys-loading">
            <LoadingOutlined /> {t('verifyPage.loadingKeys')}
          </p>
        )}
        {keys.state === 'failed' && (
          <Alert
            type="error"
            showIcon
            title={t('verifyPage.keysFailed')}
            action={<Button onClick={fetchKeys}>{t('kioskTerminal.retry')}</Button>}
          />
        )}
        {keys.state === 'ready' && keys.fromCache && (
          <Alert type="warning" showIcon title={t('verifyPage.keysCached')} style={{ marginBottom: 12 }} />
        )}

        <div className="vf-input">
          <label htmlFor="vf-token">{t('verifyPage.inputLabel')}</label>
          <Input.TextArea
            id="vf-token"
            data-testid="verify-input"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t('verifyPage.inputPlaceholder')}
            autoSize={{ minRows: 2, maxRows: 5 }}
            spellCheck={false}
          />
          <div className="vf-actions">
            <Button
              type="primary"
              size="large"
              disabled={keys.state !== 'ready' || !text.trim()}
              onClick={() => submit(text)}
              data-testid="verify-submit"
            >
              {t('verifyPage.check')}
            </Button>
            {!scanning && (
              <Button size="large" icon={<ScanOutlined />} onClick={() => setScanning(true)}>
                {t('verifyPage.scan')}
              </Button>
            )}
          </div>
          {scanning && (
            <QrScanPanel
              accept={acceptToken}
              texts={{ hint: 'verifyPage.scanHint', wrong: 'verifyPage.scanWrong' }}
              onCode={(value) => {
                setScanning(false);
                submit(value);
              }}
              onCancel={() => setScanning(false)}
            />
          )}
        </div>

        {check.kind !== 'empty' && (
          <section className="vf-section" data-testid="verify-signature" data-result={check.kind}>
            <h2>{t('verifyPage.signature.title')}</h2>
            {check.kind === 'valid' && (
              <div className="vf-verdict ok">
                <CheckCircleFilled />
                <div>
                  <strong>{t('verifyPage.signature.valid')}</strong>
                  <p>
                    {t('verifyPage.signature.validText', { office: check.key.office, kid: check.key.kid })}
                    {check.key.status === 'retired' && ` ${t('verifyPage.signature.retired')}`}
                  </p>
                </div>
              </div>
            )}
            {check.kind === 'malformed' && (
              <div className="vf-verdict bad">
                <CloseCircleFilled />
                <div>
                  <strong>{t('verifyPage.signature.malformed')}</strong>
                  <p>{t('verifyPage.signature.malformedText')}</p>
                </div>
              </div>
            )}
            {check.kind === 'bad_signature' && (
              <div className="vf-verdict bad">
                <CloseCircleFilled />
                <div>
                  <strong>{t('verifyPage.signature.bad')}</strong>
                  <p>{t('verifyPage.signature.badText')}</p>
                </div>
              </div>
            )}
            {check.kind === 'unknown_key' && (
              <div className="vf-verdict bad">
                <QuestionCircleFilled />
                <div>
                  <strong>{t('verifyPage.signature.unknownKey')}</strong>
                  <p>{t('verifyPage.signature.unknownKeyText', { kid: check.claims.k })}</p>
                </div>
              </div>
            )}
            {claims && (
              <div className={check.kind === 'valid' ? '' : 'vf-untrusted'}>
                <h3>{t('verifyPage.claims.title')}</h3>
                <Fields
                  rows={[
                    [t('verifyPage.field.serial'), claims.s],
                    [t('verifyPage.field.type'), typeLabel(claims.t)],
                    [t('verifyPage.field.holder'), claims.n],
                    [t('verifyPage.field.issuedOn'), claims.i],
                    [t('verifyPage.field.validUntil'), claims.u],
                    [t('verifyPage.field.office'), claims.o],
                  ]}
                />
              </div>
            )}
          </section>
        )}

        {check.kind !== 'empty' && (
          <section
            className="vf-section"
            data-testid="verify-status"
            data-status={status.state === 'done' ? status.result.status : status.state}
          >
            <h2>{t('verifyPage.status.title')}</h2>
            {check.kind !== 'valid' && <p className="vf-muted">{t('verifyPage.signature.notAsked')}</p>}
            {status.state === 'loading' && (
              <p className="vf-muted">
                <LoadingOutlined /> {t('verifyPage.status.loading')}
              </p>
            )}
            {status.state === 'failed' && (
              <Alert
                type="warning"
                showIcon
                title={t('verifyPage.status.failed', { message: status.message })}
              />
            )}
            {status.state === 'done' && (
              <>
                <div className={`vf-verdict ${status.result.status === 'valid' ? 'ok' : 'bad'}`}>
                  {STATUS_ICON[status.result.status]}
                  <div>
                    <strong>{tr(`verifyPage.status.${status.result.status}`)}</strong>
                    <p>{tr(`verifyPage.status.${status.result.status}Text`)}</p>
                  </div>
                </div>
                {status.result.detailsHidden && (
                  <p className="vf-muted">{t('verifyPage.status.detailsHidden')}</p>
                )}
                {status.result.certificate && (
                  <Fields
                    rows={[
                      [t('verifyPage.field.serial'), status.result.certificate.serial],
                      [t('verifyPage.field.type'), typeLabel(status.result.certificate.type)],
                      [t('verifyPage.field.holder'), status.result.certificate.maskedHolder],
                      [t('verifyPage.field.issuedOn'), status.result.certificate.issuedOn],
                      [t('verifyPage.field.validUntil'), status.result.certificate.validUntil],
                      [t('verifyPage.field.office'), status.result.certificate.office],
                      ...(status.result.certificate.revokedAt
                        ? ([
                            [
                              t('verifyPage.field.revokedAt'),
                              dayjs(status.result.certificate.revokedAt).tz(ZONE).format('YYYY-MM-DD HH:mm'),
                            ],
                            [
                              t('verifyPage.field.revokedReason'),
                              status.result.certificate.revokedReason ?? '—',
                            ],
                          ] as [string, ReactNode][])
                        : []),
                    ]}
                  />
                )}
              </>
            )}
          </section>
        )}
      </main>
    </div>
  );
}
