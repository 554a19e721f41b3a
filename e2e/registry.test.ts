/**
 * The shared population registry in a real browser: the auxiliary police officer opens a
 * building map, clicks a rented flat and sees its tenants and the contract's end date; then, on a
 * phone-sized screen, registers a new person door to door (synthetic ID number with a correct
 * check digit), records their rental contract for a vacant flat with a PDF scan, and finds them
 * by search. Screenshots of the map and the mobile form go to test-artifacts/.
 */
import { describe, expect, it } from 'vitest';
import { idCheckChar, type RoomDetail } from '@anju/contracts';
import { signIn } from '../packages/server/test/harness.ts';
import { openConsole, saveScreenshot } from './support/browser.ts';
import { fieldError, signInAs } from './support/console.ts';
import { useServerAndBrowser } from './support/suite.ts';

const suite = useServerAndBrowser();

/** A synthetic ID number: real region code (金水区), a plausible birth date, correct check char. */
function syntheticIdNumber(seq: number): string {
  const first17 = `410105199203${String(10 + (seq % 18)).padStart(2, '0')}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

describe('registry console', () => {
  it('auxiliary opens the building map; a rented flat shows its tenants and contract end', async () => {
    const { context, page, problems } = await openConsole(suite.browser, suite.server.url);
    try {
      await signInAs(page, 'auxiliary');
      await page.getByRole('menuitem', { name: '人口总览' }).click();
      await page.getByTestId('building-map').waitFor();
      await expect.poll(() => page.getByTestId('map-cell').count()).toBeGreaterThan(10);
      const legend = await page.getByTestId('map-legend').textContent();
      expect(legend).toContain('出租');
      expect(legend).toContain('自住');
      await saveScreenshot(page, 'registry-building-map.png');

      const rented = page.locator('[data-testid="map-cell"][data-occupancy="rented"]').first();
      const roomId = await rented.getAttribute('data-room-id');
      expect(roomId).toBeTruthy();
      await rented.click();

      // What the server says about the flat, to compare with what the drawer shows.
      const aux = await signIn(suite.server.env.app, 'auxiliary');
      const detail = (await aux.get(`/api/v1/registry/rooms/${roomId}`)).json() as RoomDetail;
      expect(detail.tenancy).toBeTruthy();
      const drawer = page.getByTestId('room-drawer');
      await expect
        .poll(() => drawer.getByTestId('tenancy-end-date').textContent())
        .toBe(detail.tenancy?.endDate);
      const tenantNames = detail.households
        .filter((h) => h.kind === 'tenant')
        .flatMap((h) => h.members.map((m) => m.name));
      expect(tenantNames.length).toBeGreaterThan(0);
      for (const name of tenantNames)
        await expect.poll(() => drawer.getByText(name).count()).toBeGreaterThan(0);
      const drawerText = await drawer.textContent();
      expect(drawerText).toContain('租户');
      expect(drawerText).toContain(detail.tenancy?.landlordName ?? '?');
      await saveScreenshot(page, 'registry-rented-flat.png');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('registers a tenant on a 360 px phone and finds them by search', async () => {
    // A vacant flat to let, read from the API (the map marks it vacant or unverified).
    const aux = await signIn(suite.server.env.app, 'auxiliary');
    const buildings = (await aux.get('/api/v1/registry/buildings')).json() as { items: { id: string }[] };
    let vacant: { roomId: string; label: string } | null = null;
    for (const b of buildings.items) {
      const map = (await aux.get(`/api/v1/registry/buildings/${b.id}/map`)).json() as {
        floors: { cells: { roomId: string; label: string; occupancy: string; residents: number }[] }[];
      };
      const cell = map.floors
        .flatMap((f) => f.cells)
        .find((c) => (c.occupancy === 'vacant' || c.occupancy === 'unverified') && c.residents === 0);
      if (cell) {
        vacant = { roomId: cell.roomId, label: cell.label };
        break;
      }
    }
    expect(vacant).toBeTruthy();

    const { context, page, problems } = await openConsole(suite.browser, suite.server.url);
    try {
      await page.setViewportSize({ width: 360, height: 740 });
      await signInAs(page, 'auxiliary');
      await page.goto('/registry/collect');
      const form = page.getByTestId('person-form');
      await form.waitFor();

      // A wrong check character is refused in the browser, with the contract's message.
      const idNumber = syntheticIdNumber(Date.now() % 997);
      const wrong = idNumber.slice(0, 17) + (idNumber[17] === '1' ? '2' : '1');
      await page.getByLabel('身份证号', { exact: true }).fill(wrong);
      await page.getByLabel('姓名', { exact: true }).click();
      await expect.poll(() => fieldError(page, '身份证号').textContent()).toContain('校验位');

      await page.getByLabel('身份证号', { exact: true }).fill(idNumber);
      await page.getByLabel('姓名', { exact: true }).fill('测试租客');
      await page.getByLabel('手机号', { exact: true }).fill('139 1234 5678');
      await page.getByLabel('工作单位/学校', { exact: true }).fill('郑州测试科技有限公司');
      await page.getByLabel('走访备注', { exact: true }).fill('入户走访，新租客');
      await expect.poll(() => page.getByText('出生日期 1992-03').count()).toBeGreaterThan(0);
      await saveScreenshot(page, 'registry-mobile-person-form.png');
      // The form fits the phone's width: nothing in it reaches past the right edge.
      const overflow = await page.evaluate(
        () =>
          Array.from(document.querySelectorAll('.reg-collect *')).filter(
            (el) => el.getBoundingClientRect().right > window.innerWidth + 0.5,
          ).length,
      );
      expect(overflow).toBe(0);
      await page.getByRole('button', { name: '保存人员信息' }).click();
      await page.getByText('已登记：测试租客').waitFor();

      // Saving the same ID number again offers the existing record instead of a duplicate.
      await page.getByRole('button', { name: '为其登记租赁合同' }).click();
      const tenancy = page.getByTestId('tenancy-form');
      await tenancy.waitFor();
      await expect.poll(() => tenancy.getByText('测试租客').count()).toBeGreaterThan(0);

      const roomBox = page.getByLabel('房屋', { exact: true });
      await roomBox.fill(vacant?.label ?? '');
      await page
        .locator('.ant-select-item-option')
        .filter({ hasText: vacant?.label ?? '' })
        .first()
        .click();
      await page.getByLabel('房东', { exact: true }).fill('王房东');
      const pickDate = async (label: string, value: string) => {
        await page.getByLabel(label, { exact: true }).click();
        // The pickers are read-only inputs (no phone keyboard); type into them as a keyboard user.
        await page.getByLabel(label, { exact: true }).evaluate((el) => el.removeAttribute('readonly'));
        await page.getByLabel(label, { exact: true }).fill(value);
        await page.keyboard.press('Enter');
      };
      const today = new Date();
      const start = today.toISOString().slice(0, 10);
      const endDate = `${today.getFullYear() + 1}-${start.slice(5, 7)}-${start.slice(8, 10) === '29' ? '28' : start.slice(8, 10)}`;
      await pickDate('合同开始日期', start);
      await pickDate('合同到期日', endDate);

      // A file that is not a PDF/JPEG/PNG by content: the server's own message under the field.
      const fileInput = tenancy.locator('input[type="file"]');
      await fileInput.setInputFiles({
        name: 'contract.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('not a pdf at all'),
      });
      await page.getByRole('button', { name: '保存租赁登记' }).click();
      await expect.poll(() => fieldError(page, '合同扫描件').textContent()).toMatch(/PDF|JPEG|PNG/);
      await saveScreenshot(page, 'registry-mobile-tenancy-error.png');

      const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
      await fileInput.setInputFiles({ name: 'contract.pdf', mimeType: 'application/pdf', buffer: pdf });
      await page.getByRole('button', { name: '保存租赁登记' }).click();
      await page.getByText(`已登记 ${vacant?.label} 的租赁合同`).waitFor();
      await saveScreenshot(page, 'registry-mobile-tenancy-saved.png');

      // Found by search, living in the flat as a tenant.
      await page.goto('/registry/search');
      await page.getByTestId('registry-search').locator('input').fill('测试租客');
      await page.keyboard.press('Enter');
      const hit = page.getByTestId('search-result').filter({ hasText: '测试租客' });
      await hit.first().waitFor();
      expect(await hit.first().textContent()).toContain(vacant?.label ?? '?');
      await saveScreenshot(page, 'registry-mobile-search.png');

      // The same ID number again: the form offers the existing record instead of a duplicate.
      await page.goto('/registry/collect');
      await page.getByLabel('身份证号', { exact: true }).fill(idNumber);
      await page.getByLabel('姓名', { exact: true }).fill('测试租客');
      await page.getByRole('button', { name: '保存人员信息' }).click();
      const duplicate = page.getByTestId('duplicate-person');
      await duplicate.waitFor();
      await duplicate.getByRole('button', { name: '打开已有记录' }).click();
      const personDrawer = page.getByTestId('person-drawer');
      await expect.poll(() => personDrawer.getByText(vacant?.label ?? '?').count()).toBeGreaterThan(0);
      expect(await personDrawer.textContent()).toContain(idNumber);
      await saveScreenshot(page, 'registry-mobile-person-drawer.png');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows the stats on the dashboard, filters tenancies, and a resident sees only their household', async () => {
    const { context, page, problems } = await openConsole(suite.browser, suite.server.url);
    try {
      await signInAs(page, 'auxiliary');
      const aux = await signIn(suite.server.env.app, 'auxiliary');
      const stats = (await aux.get('/api/v1/registry/stats')).json() as {
        households: number;
        persons: number;
      };
      const widget = page.getByTestId('registry-stats');
      await widget.waitFor();
      await expect.poll(() => widget.textContent()).toContain(String(stats.households));
      expect(await widget.textContent()).toContain('30 天内到期合同');
      await saveScreenshot(page, 'registry-dashboard.png');

      await page.goto('/registry?tab=shops');
      await page.locator('.ant-table-row').first().waitFor();
      expect(await page.locator('.ant-table-tbody').textContent()).toMatch(/\d/);
      await saveScreenshot(page, 'registry-shops.png');

      await page.goto('/registry/tenancies?filter=expired');
      await page.locator('.ant-table-row').first().waitFor();
      await expect.poll(() => page.locator('.ant-spin-spinning').count()).toBe(0);
      const expired = (await aux.get('/api/v1/registry/tenancies?filter=expired')).json() as {
        total: number;
        items: { tenants: { personId: string; name: string }[] }[];
      };
      expect(expired.total).toBeGreaterThan(0);
      await expect.poll(() => page.locator('.ant-table-row').count()).toBe(Math.min(expired.total, 20));
      expect(await page.locator('.ant-table-tbody').textContent()).toContain('合同已到期，请重新登记');
      await saveScreenshot(page, 'registry-tenancies-expired.png');

      // Import: one good row and one with a bad ID number; nothing is imported, the bad row is named.
      await page.goto('/registry');
      await page.getByRole('button', { name: '导入' }).click();
      const modal = page.getByRole('dialog').filter({ hasText: '花名册' });
      const good = syntheticIdNumber(501);
      const csv = `姓名,身份证号,性别,房屋,居住类型\n导入甲,${good},男,1-1-101,家庭成员\n导入乙,41010519900101123X,女,1-1-101,家庭成员\n`;
      await modal.locator('input[type="file"]').setInputFiles({
        name: 'roster.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csv, 'utf8'),
      });
      await modal.getByRole('button', { name: '开始导入' }).click();
      const errors = modal.locator('.ant-table-row');
      await errors.first().waitFor();
      const errorText = await modal.locator('.ant-table-tbody').textContent();
      expect(errorText).toContain('3');
      expect(errorText).toContain('身份证号');
      expect(await modal.textContent()).toContain('已导入 0');
      await saveScreenshot(page, 'registry-import-errors.png');
      await modal.getByRole('button', { name: '关闭' }).click();
      await context.clearCookies();

      // Property staff see the ID number masked in the person drawer.
      const tenant = expired.items[0]?.tenants[0];
      await signInAs(page, 'property');
      await page.goto(`/registry/search?person=${tenant?.personId}`);
      const drawer = page.getByTestId('person-drawer');
      await drawer.getByText('已脱敏').waitFor();
      expect(await drawer.textContent()).toMatch(/\d{4}\*{10}[\dX]{4}/);
      await saveScreenshot(page, 'registry-person-masked.png');
      await context.clearCookies();

      await signInAs(page, 'resident');
      await page.goto('/my-household');
      await page.locator('.ant-table-row').first().waitFor();
      expect(await page.locator('.ant-tag').filter({ hasText: '本人' }).count()).toBe(1);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
