package main

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
)

// Size of every picture: small enough for a quick load, large enough to see.
const width, height = 480, 320

// pattern colours one pixel from its coordinates.
type pattern struct {
	name string
	draw func(x, y int) color.RGBA
}

// patterns are the pictures, by file name. Each is a pure function of the
// pixel position (randomness comes from fixed seeds), so runs are identical.
func patterns() []pattern {
	return []pattern{
		{"sunset.png", sunset},
		{"checkerboard.png", checkerboard},
		{"rings.png", rings},
		{"mandelbrot.png", mandelbrot},
		{"stripes.png", stripes},
		{"truchet.png", truchet()},
		{"plasma.png", plasma},
		{"voronoi.png", voronoi()},
		{"spiral.png", spiral},
		{"dots.png", dots},
	}
}

// WriteAll renders every pattern into dir and returns the file names.
func WriteAll(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var names []string
	for _, p := range patterns() {
		data, err := Render(p.draw)
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(dir, p.name), data, 0o644); err != nil {
			return nil, err
		}
		names = append(names, p.name)
	}
	return names, nil
}

// Render draws a pattern and encodes it as PNG.
func Render(draw func(x, y int) color.RGBA) ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, width, height))
	for y := range height {
		for x := range width {
			img.SetRGBA(x, y, draw(x, y))
		}
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func lerp(a, b color.RGBA, t float64) color.RGBA {
	t = math.Max(0, math.Min(1, t))
	mix := func(p, q uint8) uint8 { return uint8(float64(p) + (float64(q)-float64(p))*t + 0.5) }
	return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 255}
}

// quantize snaps t to n levels: flat bands compress far better than
// smooth gradients and keep every file small.
func quantize(t float64, n int) float64 { return math.Floor(t*float64(n)) / float64(n) }

var (
	navy   = color.RGBA{20, 30, 70, 255}
	orange = color.RGBA{250, 140, 50, 255}
	cream  = color.RGBA{250, 240, 220, 255}
	teal   = color.RGBA{20, 140, 140, 255}
	plum   = color.RGBA{110, 40, 110, 255}
	gold   = color.RGBA{240, 200, 60, 255}
)

func sunset(x, y int) color.RGBA {
	dx, dy := float64(x-width/2), float64(y-height*2/3)
	if dx*dx+dy*dy < 70*70 && y < height*2/3 {
		return gold
	}
	if y >= height*2/3 {
		return lerp(navy, teal, quantize(float64(y-height*2/3)/float64(height/3), 8))
	}
	return lerp(plum, orange, quantize(float64(y)/float64(height*2/3), 12))
}

func checkerboard(x, y int) color.RGBA {
	if (x/40+y/40)%2 == 0 {
		return navy
	}
	return cream
}

func rings(x, y int) color.RGBA {
	d := math.Hypot(float64(x-width/2), float64(y-height/2))
	if int(d/18)%2 == 0 {
		return teal
	}
	return cream
}

func mandelbrot(x, y int) color.RGBA {
	c := complex(-2.2+3.2*float64(x)/width, -1.1+2.2*float64(y)/height)
	z := complex(0, 0)
	const limit = 48
	for i := range limit {
		z = z*z + c
		if real(z)*real(z)+imag(z)*imag(z) > 4 {
			return lerp(navy, gold, quantize(math.Sqrt(float64(i)/limit), 10))
		}
	}
	return color.RGBA{0, 0, 0, 255}
}

func stripes(x, y int) color.RGBA {
	palette := []color.RGBA{orange, plum, teal, cream, navy}
	return palette[((x+y)/32)%len(palette)]
}

// truchet tiles quarter-circle arcs with a fixed-seed random orientation.
func truchet() func(x, y int) color.RGBA {
	const tile = 32
	r := rand.New(rand.NewPCG(1, 2))
	flip := make([]bool, (width/tile+1)*(height/tile+1))
	for i := range flip {
		flip[i] = r.IntN(2) == 0
	}
	return func(x, y int) color.RGBA {
		tx, ty := x/tile, y/tile
		lx, ly := float64(x%tile), float64(y%tile)
		if flip[ty*(width/tile+1)+tx] {
			lx = tile - lx
		}
		d1 := math.Abs(math.Hypot(lx, ly) - tile/2)
		d2 := math.Abs(math.Hypot(tile-lx, tile-ly) - tile/2)
		if math.Min(d1, d2) < 3 {
			return navy
		}
		return cream
	}
}

func plasma(x, y int) color.RGBA {
	fx, fy := float64(x)/40, float64(y)/40
	v := math.Sin(fx) + math.Sin(fy) + math.Sin((fx+fy)/2) + math.Sin(math.Hypot(fx-6, fy-4))
	return lerp(plum, gold, quantize((v+4)/8, 10))
}

// voronoi colours each pixel after its nearest of a few fixed-seed points.
func voronoi() func(x, y int) color.RGBA {
	r := rand.New(rand.NewPCG(3, 4))
	palette := []color.RGBA{orange, plum, teal, cream, navy, gold}
	type site struct {
		x, y float64
		c    color.RGBA
	}
	sites := make([]site, 24)
	for i := range sites {
		sites[i] = site{r.Float64() * width, r.Float64() * height, palette[i%len(palette)]}
	}
	return func(x, y int) color.RGBA {
		best, second := math.Inf(1), math.Inf(1)
		var c color.RGBA
		for _, s := range sites {
			d := math.Hypot(float64(x)-s.x, float64(y)-s.y)
			if d < best {
				best, second, c = d, best, s.c
			} else if d < second {
				second = d
			}
		}
		if second-best < 2 {
			return color.RGBA{0, 0, 0, 255}
		}
		return c
	}
}

func spiral(x, y int) color.RGBA {
	dx, dy := float64(x-width/2), float64(y-height/2)
	a := math.Atan2(dy, dx) + math.Hypot(dx, dy)/20
	if int(math.Floor(a/(math.Pi/3)))%2 == 0 {
		return orange
	}
	return navy
}

func dots(x, y int) color.RGBA {
	const cell = 40
	cx, cy := x%cell-cell/2, y%cell-cell/2
	radius := 4 + (x/cell+y/cell)%4*4
	if cx*cx+cy*cy < radius*radius {
		return plum
	}
	return cream
}
