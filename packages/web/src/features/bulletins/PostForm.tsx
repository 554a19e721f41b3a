import { App, Checkbox, DatePicker, Drawer, Form, Input, Select, Space, Button } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';
import { isoToPicked, pickedToIso } from '../../app/time.ts';
import { type Board, bulletinsApi, type Post } from './api.ts';
import { PostEditor } from './PostEditor.tsx';

interface Values {
  boardId: string;
  title: string;
  body: string;
  pinned: boolean;
  window?: [Dayjs | null, Dayjs | null] | null;
}

/**
 * Drawer to write a new post or edit one (every save is a new version on the server). "Save and
 * submit" sends it to the police officers' approval queue.
 */
export function PostForm({
  open,
  siteId,
  boards,
  post,
  onClose,
  onSaved,
}: {
  open: boolean;
  siteId: string;
  boards: Board[];
  post: Post | null;
  onClose: () => void;
  onSaved: (post: Post) => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    form.setFieldsValue({
      boardId: post?.boardId ?? boards[0]?.id,
      title: post?.title ?? '',
      body: post?.bodyHtml ?? '',
      pinned: post?.pinned ?? false,
      window: [
        post?.publishFrom ? isoToPicked(post.publishFrom) : null,
        post?.publishUntil ? isoToPicked(post.publishUntil) : null,
      ],
    });
  }, [open, post, boards, form]);

  const save = async (submit: boolean) => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const input = {
        boardId: v.boardId,
        title: v.title.trim(),
        bodyHtml: v.body ?? '',
        pinned: !!v.pinned,
        publishFrom: v.window?.[0] ? pickedToIso(v.window[0]) : null,
        publishUntil: v.window?.[1] ? pickedToIso(v.window[1]) : null,
      };
      let saved = post
        ? await bulletinsApi.update(post.id, input)
        : await bulletinsApi.create({ siteId, ...input });
      if (submit) saved = await bulletinsApi.submit(saved.id);
      message.success(t(submit ? 'bulletins.submitted' : 'bulletins.saved'));
      onSaved(saved);
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const editable =
    !post || post.status === 'draft' || post.status === 'rejected' || post.status === 'published';
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size="large"
      title={t(post ? 'bulletins.form.editTitle' : 'bulletins.form.newTitle')}
      destroyOnHidden
      data-testid="post-drawer"
      extra={
        <Space>
          <Button
            onClick={() => void save(false)}
            loading={busy}
            disabled={!editable}
            data-testid="post-save"
          >
            {t('bulletins.form.save')}
          </Button>
          <Button
            type="primary"
            onClick={() => void save(true)}
            loading={busy}
            disabled={!editable}
            data-testid="post-save-submit"
          >
            {t('bulletins.form.saveSubmit')}
          </Button>
        </Space>
      }
    >
      {post?.status === 'rejected' && post.rejectReason && (
        <p className="bl-reject">{t('bulletins.rejectReason', { reason: post.rejectReason })}</p>
      )}
      <Form form={form} layout="vertical">
        <Form.Item name="boardId" label={t('bulletins.form.board')} rules={[{ required: true }]}>
          <Select
            options={boards.map((b) => ({ value: b.id, label: lang === 'en' ? b.nameEn : b.nameZh }))}
            data-testid="post-board"
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('bulletins.form.title')}
          rules={[{ required: true, whitespace: true, message: t('bulletins.form.required') }]}
        >
          <Input maxLength={120} data-testid="post-title" />
        </Form.Item>
        <Form.Item name="body" label={t('bulletins.form.body')}>
          <PostEditor siteId={siteId} />
        </Form.Item>
        <Form.Item name="window" label={t('bulletins.form.window')}>
          <DatePicker.RangePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            allowEmpty={[true, true]}
          />
        </Form.Item>
        <Form.Item name="pinned" valuePropName="checked">
          <Checkbox data-testid="post-pinned">{t('bulletins.form.pinned')}</Checkbox>
        </Form.Item>
      </Form>
    </Drawer>
  );
}
