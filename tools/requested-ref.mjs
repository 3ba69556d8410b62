// requested-ref.mjs: reference values of issue 18's indicators from npm
// packages, independent of pe, into tests/data/requested/NAME.requested.csv
// (header time, then one column per output named as pe names its column;
// 17 significant digits; an empty cell where the package gives no value).
//
//   mkdir /tmp/npmref && cd /tmp/npmref && npm init -y &&
//   npm install technicalindicators@3.1.0 trading-signals@8.3.0
//   NODE_PATH=/tmp/npmref/node_modules node tools/requested-ref.mjs
//
// Run from the top of the source tree.  Each column is the package's own
// output, called as its documentation shows; the only arithmetic here is
// none: where a package has no signal line or anchor, the column is left
// out (tests/unit/test_ind_requested.c checks those by hand).
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';

const require = createRequire(process.env.NODE_PATH + '/');
const ti = require('technicalindicators');
const ts = await import(process.env.NODE_PATH + '/trading-signals/dist/index.js');

const SERIES = {
	goog_2004_2008: '2006-01-03', fb_2012_2014: '2013-01-02',
	msft_2000_2001: '2001-01-02', bollinger_2003_2004: '2003-09-02',
	talib_regtest_252: '2000-07-03',
};

function load(name) {
	const lines = readFileSync(`tests/data/${name}.csv`, 'utf8').trim().split('\n');
	return lines.slice(1).map(l => {
		const [time, open, high, low, close, volume] = l.split(',');
		return { time, open: +open, high: +high, low: +low, close: +close, volume: +volume };
	});
}

// One streaming indicator of trading-signals over the bars: its result at
// each bar (null before it has one), through pick.
function stream(ind, bars, input, pick = r => r) {
	return bars.map(b => {
		const r = ind.update(input(b));
		return r === null || r === undefined ? null : pick(r);
	});
}

const num = v => (v === null || v === undefined || Number.isNaN(v)) ? '' :
	typeof v === 'boolean' ? (v ? '1' : '0') : String(v);	// shortest round trip

// technicalindicators' batch outputs are shorter than the input by their
// lookback: right-align them.
function pad(n, arr) {
	return Array(n - arr.length).fill(null).concat(arr);
}

function columns(name, bars) {
	const n = bars.length, c = {};
	const candle = b => b;
	const close = b => b.close;

	const ha = ti.HeikinAshi.calculate({
		open: bars.map(b => b.open), high: bars.map(b => b.high),
		low: bars.map(b => b.low), close: bars.map(b => b.close),
	});
	for (const k of ['open', 'high', 'low', 'close'])
		c[`ha_${k}`] = pad(n, ha[k]);
	c.tsi_25_13 = stream(new ts.TSI({ longPeriod: 25, shortPeriod: 13 }), bars, close);
	c.cmf_20 = stream(new ts.CMF(20), bars, candle);
	c.vortex_14_plus = stream(new ts.VortexIndicator(14), bars, candle, r => r.plus);
	c.vortex_14_minus = stream(new ts.VortexIndicator(14), bars, candle, r => r.minus);
	c.smi_10_3_3 = stream(new ts.SMI({ interval: 10, smooth1: 3, smooth2: 3 }), bars, candle);
	c.chandelier_22_3_long = stream(new ts.ChandelierExit({ interval: 22, multiplier: 3 }), bars, candle, r => r.long);
	c.chandelier_22_3_short = stream(new ts.ChandelierExit({ interval: 22, multiplier: 3 }), bars, candle, r => r.short);
	c.ulcer_14 = stream(new ts.UlcerIndex(14), bars, close);
	c['alma_9_0.85_6'] = stream(new ts.ALMA(9, 0.85, 6), bars, close);
	const md = new ts.McGinleyDynamic(14);
	c['mcginley_14_0.6'] = bars.map(b => { md.update(b.close); return md.isStable ? md.getResultOrThrow() : null; });
	c.coppock_14_11_10 = stream(new ts.CoppockCurve({ longRocInterval: 14, shortRocInterval: 11, wmaInterval: 10 }), bars, close);
	const kst = ti.KST.calculate({
		values: bars.map(b => b.close), ROCPer1: 10, ROCPer2: 15, ROCPer3: 20, ROCPer4: 30,
		SMAROCPer1: 10, SMAROCPer2: 10, SMAROCPer3: 10, SMAROCPer4: 15, signalPeriod: 9,
	});
	c.kst_10_15_20_30_10_15 = pad(n, kst.map(r => r.signal === undefined ? null : r.kst));
	c.kst_10_15_20_30_10_15_signal = pad(n, kst.map(r => r.signal === undefined ? null : r.signal));
	c.elderray_13_bull = stream(new ts.ElderRay(13), bars, candle, r => r.bullPower);
	c.elderray_13_bear = stream(new ts.ElderRay(13), bars, candle, r => r.bearPower);
	c.force_13 = stream(new ts.ForceIndex(13), bars, candle);
	c.avwap_0 = stream(new ts.VWAP(), bars, candle);
	const from = SERIES[name], vw = new ts.VWAP();
	c[`avwap_${from.replaceAll('-', '')}`] = bars.map(b => b.time < from ? null : vw.update(b));
	c['squeeze_20_2_1.5_on'] = stream(new ts.TTMSqueeze(), bars, candle, r => r.isSqueezed);
	c['squeeze_20_2_1.5_momentum'] = stream(new ts.TTMSqueeze(), bars, candle, r => r.momentum);
	return c;
}

mkdirSync('tests/data/requested', { recursive: true });
for (const name of Object.keys(SERIES)) {
	const bars = load(name), c = columns(name, bars), keys = Object.keys(c);
	const out = ['time,' + keys.join(',')];
	bars.forEach((b, i) => out.push([b.time, ...keys.map(k => num(c[k][i]))].join(',')));
	writeFileSync(`tests/data/requested/${name}.requested.csv`, out.join('\n') + '\n');
}
