using Microsoft.Playwright;
using Sockspec.Reports.Html;

namespace Sockspec.Reports.Tests;

/// <summary>
/// The report in a real headless Chromium (Debian's, driven by Playwright; no browser is downloaded): pages render,
/// every link resolves, and a target's hostile bytes stay text. Pages are opened as file:// URLs, as a user would.
/// </summary>
public sealed class BrowserTests : IAsyncLifetime
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: scripts/setup.sh installs Debian's chromium package");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Timeout = 60_000,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
    }

    private async Task<(IPage Page, List<string> Dialogs)> NewPageAsync()
    {
        var page = await _browser!.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        var dialogs = new List<string>();
        page.Dialog += async (_, d) =>
        {
            lock (dialogs) dialogs.Add(d.Message);
            await d.DismissAsync();
        };
        return (page, dialogs);
    }

    private static string FileUrl(string path) => new Uri(path).AbsoluteUri;

    [Fact]
    public async Task Index_renders_and_every_link_resolves_to_a_page_and_anchor()
    {
        using var dir = new TempDir();
        HtmlReport.Write([SampleReports.Reference().Texts(id => "text of " + id), SampleReports.Hostile().Texts(id => "text of " + id)], dir.Path);
        var (page, dialogs) = await NewPageAsync();

        var index = FileUrl(Path.Combine(dir.Path, "index.html"));
        await page.GotoAsync(index);
        Assert.Equal("sockspec report", await page.TitleAsync());
        Assert.Equal("sockspec conformance report", await page.Locator("h1").InnerTextAsync());
        Assert.True(await page.Locator("table.matrix").IsVisibleAsync());
        // The stylesheet applied: a failing matrix cell is tinted, not white.
        var failBg = await page.Locator("table.matrix td.v-fail").First.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        Assert.Equal("rgb(255, 205, 210)", failBg);

        var links = await page.EvalOnSelectorAllAsync<string[]>("a[href]", "els => els.map(e => e.href)");
        var caseLinks = links.Where(l => l.Contains("/cases/", StringComparison.Ordinal)).ToList();
        Assert.Equal(8 + 10, caseLinks.Count); // one per case in the first column, one per filled matrix cell
        Assert.All(links, l => Assert.Equal("file", new Uri(l).Scheme));

        // Each linked document is opened once; every fragment that points into it must name an element there.
        bool clickedBack = false;
        foreach (var doc in links.GroupBy(l => new Uri(l).GetLeftPart(UriPartial.Query)))
        {
            var response = await page.GotoAsync(doc.Key);
            Assert.True(response is null || response.Ok, doc.Key);
            foreach (var fragment in doc.Select(l => new Uri(l).Fragment).Where(f => f.Length > 1).Distinct())
                Assert.Equal(1, await page.Locator($"[id='{Uri.UnescapeDataString(fragment[1..])}']").CountAsync());
            if (!doc.Key.Contains("/cases/", StringComparison.Ordinal)) continue;
            var id = await page.Locator("h1#case").InnerTextAsync();
            Assert.Equal(CaseFiles.FileName(id), Path.GetFileName(new Uri(doc.Key).LocalPath));
            Assert.True(await page.Locator("section.target").CountAsync() >= 1);
            Assert.Contains("text of ", await page.Locator("ul.reqs").InnerTextAsync());
            var back = page.Locator("a[href='../index.html']");
            Assert.Equal(index, await back.EvaluateAsync<string>("a => a.href"));
            if (clickedBack) continue;
            await back.ClickAsync();
            Assert.Equal(index, page.Url);
            clickedBack = true;
        }
        Assert.True(clickedBack);
        Assert.Empty(dialogs);
    }

    [Fact]
    public async Task A_hostile_payload_in_a_trace_or_a_verdict_stays_text_and_never_runs()
    {
        using var dir = new TempDir();
        HtmlReport.Write([SampleReports.Hostile().Texts(_ => "</li><img src=x onerror=\"window.__pwned=3;alert(3)\">")], dir.Path);
        var (page, dialogs) = await NewPageAsync();
        foreach (var file in Directory.GetFiles(dir.Path, "*.html", SearchOption.AllDirectories))
        {
            await page.GotoAsync(FileUrl(file));
            await page.WaitForLoadStateAsync(LoadState.Load);
            Assert.Equal(0, await page.Locator("script, img, iframe, object, embed").CountAsync());
            Assert.True(await page.EvaluateAsync<bool>("() => window.__pwned === undefined"), file);
        }

        await page.GotoAsync(FileUrl(Path.Combine(dir.Path, "cases", CaseFiles.FileName("rfc1928/3/greeting-one-method"))));
        Assert.StartsWith(SampleReports.ImgPayload, await page.Locator("pre.actual").InnerTextAsync());
        var dump = await page.Locator("table.trace").InnerTextAsync();
        Assert.Contains("<script>w", dump); // the ASCII column shows the bytes as characters
        Assert.Contains("onerror=\"window.__pwned=2", await page.Locator("table.trace").InnerTextAsync());
        Assert.Contains("evil<i>proxy</i>", await page.Locator("section.target h2").InnerTextAsync());
        Assert.Empty(dialogs);
    }

    /// <summary>
    /// The control for the test above: the same payload written raw into a page does run in this browser, so "it did not
    /// run" above means the report escaped it, not that the browser would never have run it.
    /// </summary>
    [Fact]
    public async Task The_same_payload_unescaped_does_run_so_the_detector_works()
    {
        using var dir = new TempDir();
        var raw = Path.Combine(dir.Path, "raw.html");
        File.WriteAllText(raw, $"<!DOCTYPE html><html><body><div>{SampleReports.ImgPayload}</div></body></html>");
        var (page, dialogs) = await NewPageAsync();
        await page.GotoAsync(FileUrl(raw));
        await page.WaitForFunctionAsync("() => window.__pwned === 2", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        Assert.Equal(["2"], dialogs);
    }
}
