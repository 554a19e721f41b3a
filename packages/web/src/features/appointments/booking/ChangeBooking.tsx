import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Popconfirm } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../../app/api.ts';
import { useI18n } from '../../../app/i18n.tsx';
import { bookingProblem, type FreeSlot, type PublicBooking, type SlotSource } from './api.ts';
import { SlotChooser } from './SlotChooser.tsx';
import { dayOf } from '../wall-time.ts';
import { whenLabel } from './time.ts';

/**
 * Moving a booking: the same day strip and times as booking, then one confirm. A time taken
 * meanwhile refreshes the times and says so; other refusals show the server's words.
 */
export function RescheduleChooser({
  booking,
  source,
  move,
  onMoved,
  onClose,
}: {
  booking: PublicBooking;
  source: SlotSource;
  move: (start: string) => Promise<PublicBooking>;
  onMoved: (booking: PublicBooking) => void;
  onClose: () => void;
}) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const [slot, setSlot] = useState<FreeSlot | null>(null);
  const [busy, setBusy] = useState(false);
  const [taken, setTaken] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const confirm = async () => {
    if (!slot) return;
    setBusy(true);
    setFailure(null);
    try {
      const moved = await move(slot.start);
      await queryClient.invalidateQueries({ queryKey: source.scope });
      onMoved(moved);
    } catch (error) {
      const problem = bookingProblem(error);
      if (problem === 'slotTaken' || problem === 'slotNotOffered') {
        await queryClient.invalidateQueries({ queryKey: source.scope });
        setSlot(null);
        setTaken(true);
      } else setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="bk-card" data-testid="booking-reschedule">
      <h3 className="bk-subtitle">{t('booking.reschedule.title')}</h3>
      {taken && (
        <Alert
          type="warning"
          showIcon
          title={t('booking.error.slotTaken')}
          className="bk-alert"
          data-testid="booking-slot-taken"
        />
      )}
      <SlotChooser
        source={source}
        service={booking.service}
        selected={slot}
        onSelect={(s) => {
          setSlot(s);
          if (s) setTaken(false);
        }}
        initialDate={dayOf(booking.start)}
      />
      {failure && (
        <Alert type="error" showIcon title={failure} className="bk-alert" data-testid="booking-error" />
      )}
      <div className="bk-buttons">
        <Button
          type="primary"
          size="large"
          block
          disabled={!slot}
          loading={busy}
          onClick={() => void confirm()}
          data-testid="booking-reschedule-confirm"
        >
          {slot
            ? t('booking.reschedule.confirm', { when: whenLabel(slot.start, slot.end, lang) })
            : t('booking.reschedule.title')}
        </Button>
        <Button size="large" block onClick={onClose}>
          {t('booking.close')}
        </Button>
      </div>
    </section>
  );
}

/** 取消预约 with a confirmation; the freed time is offered again at once. */
export function CancelBookingButton({
  cancel,
  onCancelled,
  source,
}: {
  cancel: () => Promise<PublicBooking>;
  onCancelled: (booking: PublicBooking) => void;
  source: SlotSource;
}) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  return (
    <>
      {failure && (
        <Alert type="error" showIcon title={failure} className="bk-alert" data-testid="booking-error" />
      )}
      <Popconfirm
        title={t('booking.cancel.confirm')}
        okText={t('booking.cancel.yes')}
        cancelText={t('booking.cancel.no')}
        okButtonProps={{ danger: true, size: 'large', className: 'bk-cancel-yes' }}
        cancelButtonProps={{ size: 'large' }}
        onConfirm={async () => {
          setBusy(true);
          setFailure(null);
          try {
            const cancelled = await cancel();
            await queryClient.invalidateQueries({ queryKey: source.scope });
            onCancelled(cancelled);
          } catch (error) {
            setFailure(errorMessage(error));
          } finally {
            setBusy(false);
          }
        }}
      >
        <Button danger size="large" block loading={busy} data-testid="booking-cancel">
          {t('booking.cancel')}
        </Button>
      </Popconfirm>
    </>
  );
}
