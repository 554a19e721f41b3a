import {
  BoldOutlined,
  FontSizeOutlined,
  LinkOutlined,
  OrderedListOutlined,
  PictureOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { App, Button, Input, Modal, Space, Tooltip } from 'antd';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';
import { bulletinsApi } from './api.ts';

/**
 * The post editor: a contenteditable area with a small toolbar (bold, lists, heading, link,
 * image). What it writes is plain HTML of those elements; the server keeps only its allow-list.
 * Works as an antd Form control (value / onChange).
 */
export function PostEditor({
  siteId,
  value,
  onChange,
}: {
  siteId: string;
  value?: string;
  onChange?: (html: string) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const area = useRef<HTMLDivElement>(null);
  const file = useRef<HTMLInputElement>(null);
  const saved = useRef<Range | null>(null);
  const [linkOpen, setLinkOpen] = useState(false);
  const [href, setHref] = useState('https://');
  const [uploading, setUploading] = useState(false);

  // Draw the value when it comes from outside (a loaded or generated post), not while typing.
  useEffect(() => {
    if (area.current && (value ?? '') !== area.current.innerHTML) area.current.innerHTML = value ?? '';
  }, [value]);

  const changed = () => onChange?.(area.current?.innerHTML ?? '');
  const remember = () => {
    const selection = window.getSelection();
    if (selection && selection.rangeCount > 0 && area.current?.contains(selection.anchorNode)) {
      saved.current = selection.getRangeAt(0).cloneRange();
    }
  };
  const restore = () => {
    area.current?.focus();
    const selection = window.getSelection();
    if (saved.current && selection) {
      selection.removeAllRanges();
      selection.addRange(saved.current);
    }
  };
  const exec = (command: string, arg?: string) => {
    restore();
    // execCommand is the one editing API every browser still runs on contenteditable.
    document.execCommand(command, false, arg);
    changed();
    remember();
  };

  const tool = (key: string, icon: ReactNode, onClick: () => void, testId: string) => (
    <Tooltip title={t(key as 'bulletins.tool.bold')}>
      <Button
        icon={icon}
        onMouseDown={(e) => e.preventDefault()}
        onClick={onClick}
        data-testid={testId}
        aria-label={t(key as 'bulletins.tool.bold')}
      />
    </Tooltip>
  );

  const upload = async (picked: File | undefined) => {
    if (!picked) return;
    setUploading(true);
    try {
      const { url } = await bulletinsApi.uploadImage(siteId, picked);
      exec('insertImage', url);
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setUploading(false);
      if (file.current) file.current.value = '';
    }
  };

  return (
    <div className="bl-editor">
      <Space.Compact className="bl-toolbar">
        {tool('bulletins.tool.bold', <BoldOutlined />, () => exec('bold'), 'tool-bold')}
        {tool(
          'bulletins.tool.list',
          <UnorderedListOutlined />,
          () => exec('insertUnorderedList'),
          'tool-list',
        )}
        {tool('bulletins.tool.numbered', <OrderedListOutlined />, () => exec('insertOrderedList'), 'tool-ol')}
        {tool(
          'bulletins.tool.heading',
          <FontSizeOutlined />,
          () => exec('formatBlock', 'h3'),
          'tool-heading',
        )}
        {tool('bulletins.tool.link', <LinkOutlined />, () => setLinkOpen(true), 'tool-link')}
        <Tooltip title={t('bulletins.tool.imageHint')}>
          <Button
            icon={<PictureOutlined />}
            loading={uploading}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => file.current?.click()}
            data-testid="tool-image"
          >
            {t('bulletins.tool.image')}
          </Button>
        </Tooltip>
      </Space.Compact>
      <input
        ref={file}
        type="file"
        accept="image/png,image/jpeg,image/webp"
        hidden
        onChange={(e) => void upload(e.target.files?.[0])}
        data-testid="image-file"
      />
      {/* biome-ignore lint/a11y/useSemanticElements: a rich-text area has no native element */}
      <div
        ref={area}
        className="bl-editor-area bl-post-body"
        contentEditable
        suppressContentEditableWarning
        role="textbox"
        tabIndex={0}
        aria-multiline="true"
        aria-label={t('bulletins.form.body')}
        onInput={changed}
        onKeyUp={remember}
        onMouseUp={remember}
        onBlur={remember}
        data-testid="post-body-editor"
      />
      <div className="bl-hint">{t('bulletins.form.sanitiseHint')}</div>
      <Modal
        open={linkOpen}
        title={t('bulletins.tool.link')}
        onCancel={() => setLinkOpen(false)}
        onOk={() => {
          setLinkOpen(false);
          if (/^https?:\/\/\S+$/i.test(href)) exec('createLink', href);
        }}
        destroyOnHidden
      >
        <Input
          value={href}
          onChange={(e) => setHref(e.target.value)}
          placeholder={t('bulletins.tool.linkPrompt')}
          data-testid="link-href"
        />
      </Modal>
    </div>
  );
}
