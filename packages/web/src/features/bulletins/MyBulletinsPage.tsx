import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Spin, Typography } from 'antd';
import { errorMessage } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';
import { bulletinsApi, publicStreamUrl } from './api.ts';
import { BoardView } from './BoardView.tsx';
import { useBoardStream } from './useBoardStream.ts';
import './bulletins.css';

/** /my-bulletins — the resident's community board on the phone; a newly published post appears by itself. */
export default function MyBulletinsPage() {
  const { t } = useI18n();
  const mine = useQuery({ queryKey: ['bulletins', 'self'], queryFn: () => bulletinsApi.mine() });
  const siteId = mine.data?.site.id;
  useBoardStream(siteId ? publicStreamUrl(siteId) : null, () => void mine.refetch());
  return (
    <Card title={t('bulletins.my.title')} className="bl-my">
      <Typography.Paragraph type="secondary">{t('bulletins.my.intro')}</Typography.Paragraph>
      {mine.isPending && <Spin />}
      {mine.error && <Alert type="error" showIcon title={errorMessage(mine.error)} />}
      {mine.data && <BoardView board={mine.data} />}
    </Card>
  );
}
