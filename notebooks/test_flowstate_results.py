"""Tests of flowstate_results: HdrHistogram's encodings decoded by hand, against known bytes and
against the published results (each .hlog must decode to its summary's per-second figures).

    /usr/bin/python3 -m unittest discover -s notebooks      (make notebooks runs it first)
"""

import unittest

import flowstate_results as fr

RESULTS = fr.results_dir()
# Rows checked per results directory: enough to catch a decoding error, cheap enough for CI.
ROWS_PER_RUN = 12


class ZigZag(unittest.TestCase):
    def test_small_and_negative_values(self):
        # zigzag: 0 -> 0, -1 -> 1, 1 -> 2, -2 -> 3, 63 -> 126, 64 -> 128 (two bytes: 0x80 0x01)
        data = bytes([0x00, 0x01, 0x02, 0x03, 0x7E, 0x80, 0x01])
        self.assertEqual([0, -1, 1, -2, 63, 64], fr._zigzag_longs(data, 0, len(data)))

    def test_the_ninth_byte_holds_eight_bits(self):
        data = bytes([0xFF] * 8 + [0xFF])                  # the largest zigzag value: -2**63
        self.assertEqual([-(2 ** 63)], fr._zigzag_longs(data, 0, len(data)))


class Layout(unittest.TestCase):
    def test_three_digits_map_indices_to_values_as_hdrhistogram_does(self):
        h = fr.Histogram([], 3, 1)
        self.assertEqual(1024, h.half_count)
        self.assertEqual(5, h.value(5))                     # below 2048 every value has its own index
        self.assertEqual(2047, h.value(2047))
        self.assertEqual(2048, h.value(2048))               # then two values an index
        self.assertEqual(2049, h.highest(2048))
        self.assertEqual(4096, h.value(3072))

    def test_percentiles_as_get_value_at_percentile(self):
        counts = [0] * 2048
        counts[100] = 50
        counts[200] = 49
        counts[2000] = 1
        h = fr.Histogram(counts, 3, 1)
        self.assertEqual(100, h.percentile(50))
        self.assertEqual(200, h.percentile(99))
        self.assertEqual(2000, h.percentile(100))


class PublishedFiles(unittest.TestCase):
    def test_every_hlog_decodes_to_its_summary(self):
        dirs = sorted(d for d in RESULTS.iterdir() if (d / "summary.json").exists()) if RESULTS.exists() else []
        if not dirs:
            self.skipTest(f"no results in {RESULTS}")
        for d in dirs:
            with self.subTest(results=d.name):
                self.assertGreater(fr.check_files(d, ROWS_PER_RUN), 0)


if __name__ == "__main__":
    unittest.main()
