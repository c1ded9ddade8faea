# Draws figures/gan-lab.gif from data/gan-lab-arrows_gan.tsv, data/gan-lab-discriminator_gan.tsv, data/gan-lab-snapshots_gan.tsv. Run from the lesson's output folder:
#   gnuplot plots/gan-lab.gp
set terminal gif animate delay 25 loop 0 size 800,600 font "DejaVu Sans,12"
set output 'figures/gan-lab.gif'
set datafile separator tab
set border 3 lc rgb "#444444"
set tics nomirror out
set grid lc rgb "#e0e0e0" lw 1
set key noenhanced outside center bottom horizontal Left reverse
set autoscale xfix
set offsets 0, 0, graph 0.05, graph 0.05
set xlabel 'x' noenhanced
set ylabel 'y' noenhanced
set size ratio -1
set style line 1 lc rgb "#D55E00" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 2 lc rgb "#009E73" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 3 lc rgb "#CC79A7" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 4 lc rgb "#E69F00" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 5 lc rgb "#56B4E9" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 6 lc rgb "#000000" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 7 lc rgb "#F0E442" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set palette defined (0 "#440154", 1 "#3b528b", 2 "#21918c", 3 "#5ec962", 4 "#fde725")
set cblabel 'D(x)' noenhanced
set autoscale fix
set xrange [-3.075:3.075]
set yrange [-3.075:3.075]
set cbrange [0.31040879723520687:0.8201161932432616]
set title 'The plain GAN training, as GAN Lab shows it, step = 0' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::0::1680 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::0::499 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::0::47 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples'
set title 'The plain GAN training, as GAN Lab shows it, step = 100' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::1681::3361 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::500::999 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::48::95 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples'
set title 'The plain GAN training, as GAN Lab shows it, step = 200' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::3362::5042 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::1000::1499 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::96::143 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples'
set title 'The plain GAN training, as GAN Lab shows it, step = 300' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::5043::6723 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::1500::1999 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::144::191 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples'
set title 'The plain GAN training, as GAN Lab shows it, step = 400' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::6724::8404 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::2000::2499 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::192::239 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples'
set title 'The plain GAN training, as GAN Lab shows it, step = 500' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::8405::10085 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::2500::2999 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::240::287 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples'
set title 'The plain GAN training, as GAN Lab shows it, step = 600' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::10086::11766 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::3000::3499 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::288::335 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples'
set title 'The plain GAN training, as GAN Lab shows it, step = 700' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::11767::13447 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::3500::3999 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::336::383 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples'
set title 'The plain GAN training, as GAN Lab shows it, step = 800' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::13448::15128 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::4000::4499 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::384::431 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples'
set title 'The plain GAN training, as GAN Lab shows it, step = 900' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::15129::16809 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::4500::4999 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::432::479 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples'
set title 'The plain GAN training, as GAN Lab shows it, step = 1000' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::16810::18490 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::5000::5499 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::480::527 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples'
set title 'The plain GAN training, as GAN Lab shows it, step = 1100' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::18491::20171 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::5500::5999 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::528::575 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples'
set title 'The plain GAN training, as GAN Lab shows it, step = 1200' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::20172::21852 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::6000::6499 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::576::623 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples'
set title 'The plain GAN training, as GAN Lab shows it, step = 1300' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::21853::23533 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::6500::6999 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::624::671 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples'
set title 'The plain GAN training, as GAN Lab shows it, step = 1400' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::23534::25214 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::7000::7499 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::672::719 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples'
set title 'The plain GAN training, as GAN Lab shows it, step = 1500' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::25215::26895 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::7500::7999 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::720::767 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples'
set title 'The plain GAN training, as GAN Lab shows it, step = 1600' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::26896::28576 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::8000::8499 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::768::815 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples'
set title 'The plain GAN training, as GAN Lab shows it, step = 1700' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::28577::30257 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::8500::8999 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::816::863 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples'
set title 'The plain GAN training, as GAN Lab shows it, step = 1800' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::30258::31938 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::9000::9499 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::864::911 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples'
set title 'The plain GAN training, as GAN Lab shows it, step = 1900' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::31939::33619 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::9500::9999 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::912::959 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples'
set title 'The plain GAN training, as GAN Lab shows it, step = 2000' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::33620::35300 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::10000::10499 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::960::1007 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples'
