// Times ITK's filters on binary NIfTI masks (one per reader) and prints their results as JSON:
// STAPLEImageFilter (sensitivity/specificity per reader), LabelVotingImageFilter (majority),
// and for every reader pair LabelOverlapMeasuresImageFilter (Dice, Jaccard) and
// HausdorffDistanceImageFilter (Hausdorff and average Hausdorff distance, with spacing).
#include <chrono>
#include <cstdio>
#include <vector>
#include "itkHausdorffDistanceImageFilter.h"
#include "itkImage.h"
#include "itkImageFileReader.h"
#include "itkImageRegionConstIterator.h"
#include "itkLabelOverlapMeasuresImageFilter.h"
#include "itkLabelVotingImageFilter.h"
#include "itkSTAPLEImageFilter.h"

using Mask = itk::Image<unsigned char, 3>;
using Clock = std::chrono::steady_clock;
static double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

int main(int argc, char** argv) {
  if (argc < 3) { std::fprintf(stderr, "usage: itk-agreement mask1.nii mask2.nii ...\n"); return 2; }
  std::vector<Mask::Pointer> masks;
  for (int i = 1; i < argc; i++) {
    auto reader = itk::ImageFileReader<Mask>::New();
    reader->SetFileName(argv[i]);
    reader->Update();
    masks.push_back(reader->GetOutput());
  }
  const size_t R = masks.size();

  auto t0 = Clock::now();
  auto staple = itk::STAPLEImageFilter<Mask, itk::Image<double, 3>>::New();
  staple->SetForegroundValue(1);
  for (size_t i = 0; i < R; i++) staple->SetInput(i, masks[i]);
  staple->Update();
  double tStaple = since(t0);

  t0 = Clock::now();
  auto voting = itk::LabelVotingImageFilter<Mask, Mask>::New();
  for (size_t i = 0; i < R; i++) voting->SetInput(i, masks[i]);
  voting->SetLabelForUndecidedPixels(0);
  voting->Update();
  double tVote = since(t0);
  size_t majority = 0;
  for (itk::ImageRegionConstIterator<Mask> it(voting->GetOutput(), voting->GetOutput()->GetLargestPossibleRegion()); !it.IsAtEnd(); ++it) majority += it.Get() == 1;

  std::printf("{\"readers\":%zu,\"staple\":{\"seconds\":%.6f,\"iterations\":%u,\"readers\":[", R, tStaple, staple->GetElapsedIterations());
  for (size_t i = 0; i < R; i++) std::printf("%s{\"sensitivity\":%.15g,\"specificity\":%.15g}", i ? "," : "", staple->GetSensitivity(i), staple->GetSpecificity(i));
  std::printf("]},\"majority\":{\"seconds\":%.6f,\"voxels\":%zu},\"pairs\":[", tVote, majority);

  double tOverlap = 0, tHausdorff = 0;
  bool first = true;
  for (size_t a = 0; a < R; a++) for (size_t b = a + 1; b < R; b++) {
    t0 = Clock::now();
    auto overlap = itk::LabelOverlapMeasuresImageFilter<Mask>::New();
    overlap->SetSourceImage(masks[a]);
    overlap->SetTargetImage(masks[b]);
    overlap->Update();
    tOverlap += since(t0);
    t0 = Clock::now();
    auto hd = itk::HausdorffDistanceImageFilter<Mask, Mask>::New();
    hd->SetInput1(masks[a]);
    hd->SetInput2(masks[b]);
    hd->SetUseImageSpacing(true);
    hd->Update();
    tHausdorff += since(t0);
    std::printf("%s{\"a\":%zu,\"b\":%zu,\"dice\":%.15g,\"jaccard\":%.15g,\"hausdorff\":%.15g,\"averageHausdorff\":%.15g}", first ? "" : ",", a, b,
                overlap->GetDiceCoefficient(1), overlap->GetJaccardCoefficient(1), hd->GetHausdorffDistance(), hd->GetAverageHausdorffDistance());
    first = false;
  }
  std::printf("],\"overlapSeconds\":%.6f,\"hausdorffSeconds\":%.6f}\n", tOverlap, tHausdorff);
  return 0;
}
