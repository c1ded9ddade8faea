# Draws figures/gan-lab.gif from data/gan-lab-arrows_gan.tsv, data/gan-lab-discriminator_gan.tsv, data/gan-lab-mode_centres.tsv, data/gan-lab-snapshots_gan.tsv. Run from the lesson's output folder:
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
set xrange [-14.055210905683605:18.993377154731665]
set yrange [-20.81662143422985:12.231966626185418]
set cbrange [0.2652765656495459:0.7617379868810195]
set title 'The plain GAN training, as GAN Lab shows it, step = 0' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::0::1680 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::0::499 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::0::47 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 100' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::1681::3361 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::500::999 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::48::95 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 200' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::3362::5042 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::1000::1499 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::96::143 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 300' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::5043::6723 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::1500::1999 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::144::191 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 400' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::6724::8404 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::2000::2499 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::192::239 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 500' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::8405::10085 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::2500::2999 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::240::287 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 600' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::10086::11766 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::3000::3499 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::288::335 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 700' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::11767::13447 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::3500::3999 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::336::383 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 800' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::13448::15128 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::4000::4499 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::384::431 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 900' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::15129::16809 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::4500::4999 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::432::479 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 1000' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::16810::18490 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::5000::5499 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::480::527 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 1100' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::18491::20171 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::5500::5999 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::528::575 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 1200' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::20172::21852 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::6000::6499 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::576::623 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 1300' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::21853::23533 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::6500::6999 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::624::671 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 1400' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::23534::25214 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::7000::7499 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::672::719 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 1500' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::25215::26895 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::7500::7999 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::720::767 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 1600' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::26896::28576 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::8000::8499 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::768::815 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 1700' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::28577::30257 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::8500::8999 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::816::863 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 1800' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::30258::31938 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::9000::9499 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::864::911 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 1900' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::31939::33619 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::9500::9999 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::912::959 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 2000' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::33620::35300 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::10000::10499 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::960::1007 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 2100' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::35301::36981 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::10500::10999 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::1008::1055 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 2200' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::36982::38662 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::11000::11499 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::1056::1103 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 2300' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::38663::40343 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::11500::11999 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::1104::1151 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 2400' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::40344::42024 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::12000::12499 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::1152::1199 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 2500' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::42025::43705 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::12500::12999 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::1200::1247 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 2600' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::43706::45386 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::13000::13499 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::1248::1295 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 2700' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::45387::47067 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::13500::13999 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::1296::1343 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 2800' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::47068::48748 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::14000::14499 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::1344::1391 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 2900' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::48749::50429 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::14500::14999 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::1392::1439 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 3000' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::50430::52110 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::15000::15499 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::1440::1487 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 3100' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::52111::53791 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::15500::15999 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::1488::1535 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 3200' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::53792::55472 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::16000::16499 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::1536::1583 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 3300' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::55473::57153 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::16500::16999 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::1584::1631 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 3400' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::57154::58834 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::17000::17499 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::1632::1679 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 3500' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::58835::60515 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::17500::17999 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::1680::1727 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 3600' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::60516::62196 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::18000::18499 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::1728::1775 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 3700' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::62197::63877 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::18500::18999 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::1776::1823 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 3800' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::63878::65558 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::19000::19499 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::1824::1871 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 3900' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::65559::67239 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::19500::19999 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::1872::1919 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'The plain GAN training, as GAN Lab shows it, step = 4000' noenhanced
plot 'data/gan-lab-discriminator_gan.tsv' every ::67240::68920 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-snapshots_gan.tsv' every ::20000::20499 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-arrows_gan.tsv' every ::1920::1967 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/gan-lab-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
